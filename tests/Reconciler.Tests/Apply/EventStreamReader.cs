namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// Reads a server-sent event stream line by line as the spec's parser does (fields <c>event</c>, <c>id</c>,
/// <c>data</c>; a line starting with a colon is a comment; a blank line ends an event), counting comments.
/// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
/// </summary>
internal sealed class EventStreamReader(HttpRequestMessage request, HttpResponseMessage response, Stream body) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(body);
    private int _comments;

    public int Comments => Volatile.Read(ref _comments);

    public int Events { get; private set; }

    public async Task<(string Event, string Id, string Data)> NextEventAsync(CancellationToken cancellationToken)
    {
        string? name = null, id = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count == 0)
                {
                    continue;
                }

                Events++;
                return (name ?? "message", id ?? "", string.Join('\n', data));
            }

            if (line.StartsWith(':'))
            {
                Interlocked.Increment(ref _comments);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "event": name = value; break;
                case "id": id = value; break;
                case "data": data.Add(value); break;
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await body.DisposeAsync();
        response.Dispose();
        request.Dispose();
    }
}
