using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The client's request body as the main upstream reads it, copied on the way into every mirror's bounded
/// <see cref="MirrorBodySink"/>. The main request gets each chunk as soon as it arrives and never waits on a
/// mirror; a mirror that falls behind or fails drops out. When the main request ends before the body did (the
/// client went away, or the backend answered without reading it all), the remaining copies are abandoned.
/// </summary>
/// <remarks>
/// The fan-out takes a lock so that <see cref="Complete"/> never races a late read of a superseded upstream
/// try (HTTP/2 keeps sending a body after the response); each sink's pipe writer is then used by one thread at a time.
/// </remarks>
internal sealed class RequestBodyTee(Stream source, IReadOnlyList<MirrorBodySink> sinks) : ReadOnlyBodyStream
{
    private readonly Lock _gate = new();
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await source.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            lock (_gate)
            {
                _ended = true;
                Abandon();
            }

            throw;
        }

        lock (_gate)
        {
            _ended |= read == 0;
            foreach (var sink in sinks)
            {
                if (read == 0)
                {
                    sink.Finish();
                }
                else
                {
                    sink.TryWrite(buffer.Span[..read]);
                }
            }
        }

        return read;
    }

    /// <summary>The main request is over: copies of a body that did not end are abandoned.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (!_ended)
            {
                _ended = true;
                Abandon();
            }
        }
    }

    private void Abandon()
    {
        foreach (var sink in sinks)
        {
            sink.Abandon(MirrorCounters.Ended);
        }
    }
}
