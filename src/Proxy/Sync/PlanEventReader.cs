using System.Text;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Reads the control plane's plan stream (<c>text/event-stream</c>) as the spec's parser does: <c>id</c> and
/// <c>data</c> fields, a blank line ends an event (and clears its data, dispatched or not), a line starting with a
/// colon is a comment (the control plane's keep-alive). Each line must come within <paramref name="idle"/>, else the
/// stream is taken as dead; an event's data longer than <paramref name="maxBytes"/> characters (the node's plan size
/// limit, <see cref="ControlPlaneOptions.MaxPlanBytes"/>), or a line longer than that and its field's name, end the
/// stream the same way, so a hostile
/// or broken control plane cannot make the node grow without bound.
/// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
/// </summary>
internal sealed class PlanEventReader(HttpResponseMessage response, Stream body, TimeSpan idle, int maxBytes) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _afterCarriageReturn;

    /// <summary>The longest line kept: a whole plan on one <c>data:</c> line, with room for the field's name.</summary>
    private int MaxLine => maxBytes + 16;

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
                line = await ReadLineAsync(timeout.Token);
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

            if (line.Length == 0)
            {
                if (data.Length > 0 && id is not null)
                {
                    return (id, Encoding.UTF8.GetBytes(data.ToString()));
                }

                data.Clear();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (colon < 0 ? line : line[..colon])
            {
                case "id":
                    id = value;
                    break;
                case "data":
                    if (data.Length + (data.Length > 0 ? 1 : 0) + value.Length > maxBytes)
                    {
                        throw new HttpRequestException($"a plan event is longer than {maxBytes} bytes");
                    }

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

    /// <summary>
    /// The next line (ended by CR, LF or CR LF), or null at the end of the stream; a line longer than the limit is
    /// refused before more of it is kept.
    /// </summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _reader.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    return _line.Length > 0 ? _line.ToString() : null;
                }
            }

            if (_afterCarriageReturn && _buffer[_start] == '\n')
            {
                _start++;
            }

            _afterCarriageReturn = false;
            var span = _buffer.AsSpan(_start, _end - _start);
            var at = span.IndexOfAny('\r', '\n');
            var taken = at < 0 ? span : span[..at];
            if (_line.Length + taken.Length > MaxLine)
            {
                throw new HttpRequestException($"a plan stream line is longer than {MaxLine} bytes");
            }

            _line.Append(taken);
            if (at >= 0)
            {
                _afterCarriageReturn = span[at] == '\r';
                _start += at + 1;
                return _line.ToString();
            }

            _start = _end;
        }
    }
}
