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
internal sealed class RequestBodyTee(Stream source, IReadOnlyList<MirrorBodySink> sinks) : Stream
{
    private readonly Lock _gate = new();
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the request body is read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Abandon()
    {
        foreach (var sink in sinks)
        {
            sink.Abandon(MirrorCounters.Ended);
        }
    }
}
