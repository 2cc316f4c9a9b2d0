using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>
/// Stands in for the proxy's <c>/readyz</c> (the proxy node is its own project): answers what the test sets.
/// A bare socket rather than <see cref="HttpListener"/>: the managed HttpListener re-binds its port while
/// closing and threw "Address already in use" from Dispose when another test had taken the port meanwhile.
/// </summary>
internal sealed class ReadyzServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string? _body;
    private volatile bool _unavailable;
    private volatile bool _withoutLength;

    public ReadyzServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/readyz"));

    /// <summary>The JSON body to answer 200 with, or null to answer 503; <paramref name="withoutLength"/> sends no Content-Length (the body ends with the connection).</summary>
    public void Set(string? body, bool unavailable = false, bool withoutLength = false)
    {
        _unavailable = unavailable;
        _withoutLength = withoutLength;
        _body = body;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the listener was stopped under the loop
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadHeadAsync(stream);
                var body = _body;
                var status = body is null || _unavailable ? "503 Service Unavailable" : "200 OK";
                var payload = Encoding.UTF8.GetBytes(body ?? "not ready");
                var head = string.Create(
                    CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{(_withoutLength ? "" : $"Content-Length: {payload.Length}\r\n")}Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(payload, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away or the server is stopping
            }
        }
    }

    /// <summary>Reads the request up to the blank line that ends its head; a GET has no body.</summary>
    private async Task ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var seen = 0;
        var tail = 0u;
        while (seen < 64 * 1024)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return;
            }

            for (var i = 0; i < n; i++)
            {
                tail = (tail << 8) | buffer[i];
                if (tail == 0x0D0A0D0A)
                {
                    return;
                }
            }

            seen += n;
        }
    }
}
