using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// What a proxy answered on one connection to bytes sent exactly as written: everything read until it closed or
/// reset the connection (both proxies close an idle connection after about a second in these tests), or until
/// the bound.
/// </summary>
internal sealed record RawExchange(string Text)
{
    /// <summary>The status of every response on the connection, in order, each framed by its head (RFC 9112 §6.3).</summary>
    public IReadOnlyList<int> Statuses
    {
        get
        {
            var statuses = new List<int>();
            var at = 0;
            while (Text.AsSpan(at).StartsWith("HTTP/1.", StringComparison.Ordinal) && Text.IndexOf("\r\n\r\n", at, StringComparison.Ordinal) is var end and >= 0
                && int.TryParse(Text.AsSpan(at + 9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                var head = Text[at..(end + 4)];
                statuses.Add(status);
                at = end + 4;
                if (status is < 200 or 204 or 304)
                {
                    continue;
                }

                if (BodyLength(head, Text.AsSpan(at)) is not { } length)
                {
                    break; // until the close, or cut off
                }

                at += length;
            }

            return statuses;
        }
    }

    /// <summary>The statuses as the table shows them: "400", "200 200", "100×1000 200", or "no answer".</summary>
    public string Summary
    {
        get
        {
            var statuses = Statuses;
            var runs = new List<string>();
            for (var i = 0; i < statuses.Count;)
            {
                var run = 1;
                while (i + run < statuses.Count && statuses[i + run] == statuses[i])
                {
                    run++;
                }

                runs.Add(run > 2 ? $"{statuses[i]}×{run}" : string.Join(' ', Enumerable.Repeat(statuses[i], run)));
                i += run;
            }

            return runs.Count == 0 ? "no answer" : string.Join(' ', runs);
        }
    }

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    public static async Task<RawExchange> SendAsync(int port, string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        using var read = new MemoryStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Bound);
        try
        {
            await socket.SendAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                read.Write(buffer, 0, n);
            }

            return new RawExchange(Encoding.Latin1.GetString(read.ToArray()));
        }
        catch (SocketException)
        {
            return new RawExchange(Encoding.Latin1.GetString(read.ToArray())); // reset
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RawExchange(Encoding.Latin1.GetString(read.ToArray()));
        }
    }

    private static int? BodyLength(string head, ReadOnlySpan<char> rest)
    {
        if (RequestFraming.Values(head, "Transfer-Encoding").Count > 0)
        {
            return RequestFraming.ChunkedLength(Encoding.Latin1.GetBytes(rest.ToString()));
        }

        return RequestFraming.Values(head, "Content-Length") is [var text] && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= rest.Length ? length : null;
    }
}
