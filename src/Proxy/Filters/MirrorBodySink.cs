using System.Buffers;
using System.IO.Pipelines;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// The bounded buffer between the client's request body and one mirror's copy of it: a pipe of pooled segments
/// that pauses at <see cref="Bound"/> unread bytes. The client's request never waits on it: a write that would
/// have to wait (the mirror fell that far behind) abandons the copy instead and aborts the mirror's request.
/// </summary>
internal sealed class MirrorBodySink
{
    /// <summary>
    /// How far (in bytes) a mirror may fall behind the client's body before its copy is abandoned: 2 MiB, so a body
    /// of up to that size is copied whole even when the mirror's connection opens after the client sent it all.
    /// </summary>
    public const int Bound = 2 * 1024 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: Bound, resumeWriterThreshold: Bound / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _cancel;
    private readonly Action<string, string> _onAbandoned;
    private readonly Lock _gate = new();
    private bool _released;
    private bool _cancelling;
    private bool _done;

    public MirrorBodySink(string backendId, CancellationTokenSource cancel, Action<string, string> onAbandoned)
    {
        BackendId = backendId;
        _cancel = cancel;
        _onAbandoned = onAbandoned;
        Body = _pipe.Reader.AsStream();
    }

    public string BackendId { get; }

    /// <summary>What the mirror's request sends; disposing it (when the request ends) tells the writer to stop.</summary>
    public Stream Body { get; }

    /// <summary>Set once the copy was given up here (and already logged and counted).</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Copies a chunk without waiting; false once this copy is over (finished, failed or abandoned).</summary>
    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        if (_done)
        {
            return false;
        }

        if (Volatile.Read(ref _released))
        {
            // The mirror's request is over (it answered early or failed): nothing more to copy.
            Finish();
            return false;
        }

        _pipe.Writer.Write(data);
        var flush = _pipe.Writer.FlushAsync(CancellationToken.None);
        if (!flush.IsCompleted)
        {
            Abandon(MirrorCounters.Behind);
            return false;
        }

        if (flush.GetAwaiter().GetResult().IsCompleted)
        {
            Finish();
            return false;
        }

        return true;
    }

    /// <summary>The client's body ended: the mirror gets the rest of what is buffered, then the end.</summary>
    public void Finish()
    {
        if (!_done)
        {
            _done = true;
            _pipe.Writer.Complete();
        }
    }

    /// <summary>Gives the copy up: the mirror's body fails and its request is cancelled, logged and counted.</summary>
    public void Abandon(string reason)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _pipe.Writer.CancelPendingFlush();
        _pipe.Writer.Complete(new IOException($"mirror copy abandoned ({reason})"));
        lock (_gate)
        {
            if (_released)
            {
                return; // the mirror's request already ended on its own
            }

            Abandoned = true;
            _cancelling = true;
        }

        _cancel.Cancel();
        lock (_gate)
        {
            _cancelling = false;
            if (_released)
            {
                _cancel.Dispose();
            }
        }

        _onAbandoned(BackendId, reason);
    }

    /// <summary>The mirror's request is over; its cancellation source goes once no abandon is using it.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released = true;
            if (!_cancelling)
            {
                _cancel.Dispose();
            }
        }
    }
}
