using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Passes an HTTP/2 connection's bytes through unchanged while reading each frame header once (RFC 9113 §4.1):
/// the 24-byte client preface is skipped, then every 9-byte header gives the payload length to skip. A header block
/// (HEADERS or PUSH_PROMISE without END_HEADERS, then CONTINUATION frames up to one with END_HEADERS, §6.10) that
/// spans more than the limit calls <c>flooded</c> and fails the read, so Kestrel stops parsing at once.
/// </summary>
internal sealed class Http2FrameCountingReader(PipeReader inner, int maxBlockFrames, Action flooded) : PipeReader
{
    private const int PrefaceLength = 24;
    private const byte Headers = 0x1, PushPromise = 0x5, Continuation = 0x9, EndHeaders = 0x4;

    private readonly byte[] _head = new byte[9];
    private long _skip = PrefaceLength;
    private long _inspected;
    private int _blockFrames;
    private bool _flooded;
    private ReadOnlySequence<byte> _last;
    private int _headFilled;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken);
        Inspect(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Inspect(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _inspected -= _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private void Inspect(ReadOnlySequence<byte> buffer)
    {
        _last = buffer;
        while (!_flooded)
        {
            var available = buffer.Length - _inspected;
            if (_skip > 0)
            {
                var skipped = Math.Min(_skip, available);
                _skip -= skipped;
                _inspected += skipped;
                if (_skip > 0)
                {
                    return;
                }

                continue;
            }

            // A frame header's bytes are kept as they arrive, so a reader may consume any of what it was given
            // (not only whole frames) without this losing its place.
            var take = (int)Math.Min(_head.Length - _headFilled, available);
            buffer.Slice(_inspected, take).CopyTo(_head.AsSpan(_headFilled));
            _inspected += take;
            _headFilled += take;
            if (_headFilled < _head.Length)
            {
                return;
            }

            _headFilled = 0;
            _skip = (_head[0] << 16) | (_head[1] << 8) | _head[2];
            Count(_head[3], _head[4]);
        }

        throw new ConnectionAbortedException("HTTP/2 header block spans too many frames");
    }

    private void Count(byte type, byte flags)
    {
        if (type is Headers or PushPromise)
        {
            _blockFrames = 1;
        }
        else if (type == Continuation && ++_blockFrames > maxBlockFrames)
        {
            _flooded = true;
            flooded();
            return;
        }
        else if (type != Continuation)
        {
            return;
        }

        if ((flags & EndHeaders) != 0)
        {
            _blockFrames = 0;
        }
    }
}
