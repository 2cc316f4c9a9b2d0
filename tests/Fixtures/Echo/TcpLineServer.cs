using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The TCP line protocol of the conformance echo (README section 4.3): a welcome line, then <c>PING</c> →
/// <c>PONG</c>, <c>IS_TLS</c> → <c>true</c>/<c>false</c>, <c>TEST</c> → one JSON line; other lines are echoed.
/// </summary>
internal sealed class TcpLineServer : IAsyncDisposable
{
    public const string Welcome = "Gateway API Test TCP Server";

    private readonly TcpListener _listener;
    private readonly EchoOptions _options;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public TcpLineServer(IPAddress address, int port, EchoOptions options, X509Certificate2? certificate)
    {
        _options = options;
        _certificate = certificate;
        _listener = new TcpListener(address, port);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stop.Token));
    }

    public int Port { get; }

    /// <summary>The ports reported by <c>TEST</c>: the plain and TLS ports of the same instance.</summary>
    public (int Plain, int Tls) ReportedPorts { get; set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket, ct), ct);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await using Stream network = new NetworkStream(socket, ownsSocket: true);
            Stream stream = network;
            EchoTlsInfo? tls = null;
            if (_certificate is not null)
            {
                var ssl = new SslStream(network, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                    },
                    timeout.Token);
                stream = ssl;
                tls = EchoTlsInfo.From(ssl);
            }

            await using (stream)
            {
                await RunProtocolAsync(stream, tls, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or the handshake failed: nothing to answer.
        }
    }

    private async Task RunProtocolAsync(Stream stream, EchoTlsInfo? tls, CancellationToken ct)
    {
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
        await writer.WriteLineAsync(Welcome.AsMemory(), ct);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var answer = line.Trim() switch
            {
                "PING" => "PONG",
                "IS_TLS" => tls is null ? "false" : "true",
                "TEST" => TestJson(tls),
                _ => line,
            };
            await writer.WriteLineAsync(answer.AsMemory(), ct);
        }
    }

    private string TestJson(EchoTlsInfo? tls)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("namespace", _options.Namespace);
            json.WriteString("ingress", "");
            json.WriteString("service", "");
            json.WriteString("pod", _options.Pod);
            json.WriteString("tcpport", ReportedPorts.Plain.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("tlsport", ReportedPorts.Tls.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteBoolean("isTLS", tls is not null);
            if (tls is not null)
            {
                json.WriteStartObject("tls");
                json.WriteString("version", tls.Version);
                json.WriteString("serverName", tls.ServerName);
                json.WriteString("negotiatedProtocol", tls.NegotiatedProtocol);
                json.WriteString("curves", "");
                json.WriteString("cipherSuite", tls.CipherSuite);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
