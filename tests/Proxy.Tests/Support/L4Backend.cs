using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>Raw TCP, TLS and UDP backends on loopback that answer with their name and what they received.</summary>
internal sealed class L4Backend : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _socket;
    private readonly Task _loop;

    private L4Backend(int port, IDisposable socket, Func<CancellationToken, Task> loop)
    {
        Port = port;
        _socket = socket;
        _loop = loop(_stop.Token);
    }

    public int Port { get; }

    public string Authority => $"127.0.0.1:{Port}";

    /// <summary>A TCP server that answers every line with <c>name:line</c>; with a certificate, inside TLS.</summary>
    public static L4Backend StartTcp(string name, X509Certificate2? certificate = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new L4Backend(((IPEndPoint)listener.LocalEndpoint).Port, listener.Server, async token =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = ServeAsync(client, name, certificate, token);
            }
        });
    }

    /// <summary>A UDP server that answers every datagram with <c>name:datagram</c>.</summary>
    public static L4Backend StartUdp(string name)
    {
        var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return new L4Backend(((IPEndPoint)udp.Client.LocalEndPoint!).Port, udp, async token =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    var received = await udp.ReceiveAsync(token);
                    var reply = Encoding.UTF8.GetBytes($"{name}:{Encoding.UTF8.GetString(received.Buffer)}");
                    await udp.SendAsync(reply, received.RemoteEndPoint, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private static async Task ServeAsync(TcpClient client, string name, X509Certificate2? certificate, CancellationToken token)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            try
            {
                if (certificate is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, token);
                    stream = ssl;
                }

                using var reader = new StreamReader(stream, leaveOpen: true);
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes($"{name}:{line}\n"), token);
                    await stream.FlushAsync(token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }
}
