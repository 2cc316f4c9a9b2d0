using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>Sends request bytes exactly as written (HttpClient would tidy a hostile target) and reads the answer until the server closes.</summary>
internal static class RawClient
{
    public static async Task<(int Status, string Text)> SendAsync(int port, string head, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = tcp.GetStream();
        var request = head.Contains("Connection:", StringComparison.OrdinalIgnoreCase) ? head : head.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cancellationToken);
        using var read = new MemoryStream();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(read, bound.Token);
        var text = Encoding.Latin1.GetString(read.ToArray());
        var status = text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
        return (status, text);
    }
}
