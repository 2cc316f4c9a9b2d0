using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>One HTTP/1.1 connection kept open across requests, written byte for byte (to hold connections open).</summary>
internal sealed class KeptAliveClient : IDisposable
{
    private readonly TcpClient _tcp;

    private readonly NetworkStream _stream;

    private KeptAliveClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<KeptAliveClient> OpenAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new KeptAliveClient(tcp);
    }

    /// <summary>Sends a GET and reads its head (status and header lines) and its body (Content-Length or chunked); 0 when the server closed first.</summary>
    public async Task<(int Status, string Head)> GetAsync(string path, string host, CancellationToken cancellationToken, string extraHeaders = "")
    {
        var stream = _stream;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        var head = new StringBuilder();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extraHeaders}\r\n"), bound.Token);
            var buffer = new byte[16 * 1024];
            while (!Complete(head.ToString()))
            {
                var read = await stream.ReadAsync(buffer, bound.Token);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // reset by the server: no answer
        }

        var text = head.ToString();
        return (text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var status) ? status : 0, text);
    }

    private static bool Complete(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        if (text.IndexOf("\r\nTransfer-Encoding: chunked", 0, end, StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var at = text.IndexOf("\r\nContent-Length: ", 0, end, StringComparison.OrdinalIgnoreCase);
        var length = at < 0 ? 0 : int.Parse(text.AsSpan(at + 18, text.IndexOf('\r', at + 2) - at - 18), System.Globalization.CultureInfo.InvariantCulture);
        return text.Length >= end + 4 + length;
    }

    /// <summary>True when the server closes the connection (a read returns 0 or the connection is reset) within 10 s.</summary>
    public async Task<bool> ClosedByServerAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, bound.Token) > 0)
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _tcp.Dispose();
}
