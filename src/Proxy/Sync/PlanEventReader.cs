using System.Text;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Reads the control plane's plan stream (<c>text/event-stream</c>) as the spec's parser does: <c>id</c> and
/// <c>data</c> fields, a blank line ends an event, a line starting with a colon is a comment (the control plane's
/// keep-alive). Each line must come within <paramref name="idle"/>, else the stream is taken as dead.
/// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
/// </summary>
internal sealed class PlanEventReader(HttpResponseMessage response, Stream body, TimeSpan idle) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    /// <summary>The next event's id (the plan hash) and data (the plan JSON).</summary>
    public async Task<(string Id, byte[] Data)> NextAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        string? id = null;
        var data = new StringBuilder();
        while (true)
        {
            timeout.CancelAfter(idle);
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"the plan stream sent nothing for {idle.TotalSeconds:0} s");
            }
            catch (IOException ex)
            {
                throw new HttpRequestException("the plan stream broke: " + ex.Message, ex);
            }

            if (line is null)
            {
                throw new HttpRequestException("the plan stream ended");
            }

            if (line.Length == 0 && data.Length > 0 && id is not null)
            {
                return (id, Encoding.UTF8.GetBytes(data.ToString()));
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (colon < 0 ? line : line[..colon])
            {
                case "id":
                    id = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : "").Append(value);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        response.Dispose();
    }
}
