using System.Buffers;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Decodes a chunked body (RFC 9112 §7.1) incrementally from whatever bytes have arrived: chunk data is handed out
/// as ranges of the input so it can be written on without a copy; chunk extensions and trailer fields are read
/// and dropped (the client's connection frames the body again itself).
/// </summary>
internal struct Http1ChunkedDecoder
{
    /// <summary>The longest chunk-size line (with extensions) or trailer line accepted.</summary>
    public const int MaxLineBytes = 8 * 1024;

    private const int MaxTrailerBytes = 64 * 1024;

    private State _state;
    private long _remaining;
    private int _trailerBytes;

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    public readonly bool IsDone => _state == State.Done;

    /// <summary>
    /// Consumes from <paramref name="input"/>: <see cref="OperationStatus.Done"/> at the end of the body,
    /// <see cref="OperationStatus.NeedMoreData"/> when everything usable was consumed, <see cref="OperationStatus.InvalidData"/>
    /// on a malformed body. When <paramref name="dataLength"/> is above 0 the call stops after that range of chunk
    /// data (at <paramref name="dataStart"/> in the input) so the caller can write it; call again with the rest.
    /// </summary>
    public OperationStatus Decode(ReadOnlySpan<byte> input, out int consumed, out int dataStart, out int dataLength)
    {
        consumed = 0;
        dataStart = 0;
        dataLength = 0;
        while (true)
        {
            var rest = input[consumed..];
            switch (_state)
            {
                case State.Data:
                    if (rest.IsEmpty)
                    {
                        return OperationStatus.NeedMoreData;
                    }

                    dataStart = consumed;
                    dataLength = (int)Math.Min(_remaining, rest.Length);
                    consumed += dataLength;
                    _remaining -= dataLength;
                    _state = _remaining == 0 ? State.DataEnd : State.Data;
                    return OperationStatus.NeedMoreData;
                case State.Done:
                    return OperationStatus.Done;
                default:
                    var line = NextLine(rest, out var lineLength);
                    if (line == OperationStatus.NeedMoreData)
                    {
                        return rest.Length > MaxLineBytes ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
                    }

                    if (!TakeLine(rest[..lineLength]))
                    {
                        return OperationStatus.InvalidData;
                    }

                    consumed += lineLength;
                    break;
            }
        }
    }

    private static OperationStatus NextLine(ReadOnlySpan<byte> rest, out int length)
    {
        var newline = rest.IndexOf((byte)'\n');
        length = newline + 1;
        return newline < 0 ? OperationStatus.NeedMoreData : OperationStatus.Done;
    }

    /// <summary>Takes one whole line (with its LF) in the Size, DataEnd or Trailer state.</summary>
    private bool TakeLine(ReadOnlySpan<byte> line)
    {
        var content = line[..^1];
        if (!content.IsEmpty && content[^1] == '\r')
        {
            content = content[..^1];
        }

        switch (_state)
        {
            case State.Size:
                return TakeSize(content);
            case State.DataEnd:
                _state = State.Size;
                return content.IsEmpty;
            default:
                _trailerBytes += line.Length;
                _state = content.IsEmpty ? State.Done : State.Trailer;
                return _trailerBytes <= MaxTrailerBytes;
        }
    }

    private bool TakeSize(ReadOnlySpan<byte> content)
    {
        // chunk-size [ chunk-ext ]: hex digits, then optional whitespace and ";ext" parts that are ignored.
        long size = 0;
        var digits = 0;
        foreach (var b in content)
        {
            var value = HexValue(b);
            if (value < 0)
            {
                break;
            }

            if (++digits > 15)
            {
                return false;
            }

            size = (size << 4) | (uint)value;
        }

        var after = content[digits..].TrimStart(" \t"u8);
        if (digits == 0 || (!after.IsEmpty && after[0] != ';'))
        {
            return false;
        }

        _remaining = size;
        _state = size == 0 ? State.Trailer : State.Data;
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
