using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// What a proxy answered on one connection to bytes sent exactly as written: everything read until it closed or
/// reset the connection (both proxies close an idle connection after about a second in these tests), or until
/// the bound.
/// </summary>
internal sealed partial record RawExchange(string Text, bool Closed)
{
    /// <summary>The status of every response head on the connection, in order.</summary>
    public IReadOnlyList<int> Statuses => [.. StatusLine().Matches(Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

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

    public static async Task<RawExchange> SendAsync(int port, string request, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        using var read = new MemoryStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            await socket.SendAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                read.Write(buffer, 0, n);
            }

            return new RawExchange(Encoding.Latin1.GetString(read.ToArray()), Closed: true);
        }
        catch (SocketException)
        {
            return new RawExchange(Encoding.Latin1.GetString(read.ToArray()), Closed: true); // reset
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RawExchange(Encoding.Latin1.GetString(read.ToArray()), Closed: false);
        }
    }

    [GeneratedRegex(@"(?m)^HTTP/1\.[01] (\d{3})")]
    private static partial Regex StatusLine();
}
