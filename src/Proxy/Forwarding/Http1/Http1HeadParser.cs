using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Parses an HTTP/1.x response head (RFC 9112 §4 status line, §5 fields) and works out how its body is framed
/// (§6.3). Lines may end in CRLF or a bare LF (§2.2 lets a recipient accept it). Strict where a proxy must be:
/// obs-fold, whitespace before the colon, control characters, conflicting Content-Length values and heads over
/// <see cref="MaxHeadBytes"/> are invalid (the forwarder answers 502).
/// </summary>
internal static class Http1HeadParser
{
    /// <summary>The largest response head accepted, as the HttpClient path's MaxResponseHeadersLength.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/>: <see cref="OperationStatus.Done"/> with
    /// <paramref name="head"/> filled (ranges relative to <paramref name="data"/>), <see cref="OperationStatus.NeedMoreData"/>
    /// when the head is not complete yet, <see cref="OperationStatus.InvalidData"/> when it is malformed or too large.
    /// </summary>
    public static OperationStatus Parse(ReadOnlySpan<byte> data, bool headRequest, Http1ResponseHead head)
    {
        head.Reset();
        var pos = 0;
        if (!NextLine(data, ref pos, out var lineStart, out var lineLength))
        {
            return Incomplete(data);
        }

        if (!ParseStatusLine(data.Slice(lineStart, lineLength), head))
        {
            return OperationStatus.InvalidData;
        }

        var fields = new FramingFields();
        while (true)
        {
            if (!NextLine(data, ref pos, out lineStart, out lineLength))
            {
                return Incomplete(data);
            }

            if (lineLength == 0)
            {
                break;
            }

            if (pos > MaxHeadBytes || !ParseField(data, lineStart, lineLength, head, ref fields))
            {
                return OperationStatus.InvalidData;
            }
        }

        head.Length = pos;
        return pos > MaxHeadBytes ? OperationStatus.InvalidData : Frame(head, headRequest, fields);
    }

    private static OperationStatus Incomplete(ReadOnlySpan<byte> data) =>
        data.Length >= MaxHeadBytes ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;

    private static bool NextLine(ReadOnlySpan<byte> data, ref int pos, out int start, out int length)
    {
        start = pos;
        var newline = data[pos..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            length = 0;
            return false;
        }

        length = newline > 0 && data[pos + newline - 1] == '\r' ? newline - 1 : newline;
        pos += newline + 1;
        return true;
    }

    private static bool ParseStatusLine(ReadOnlySpan<byte> line, Http1ResponseHead head)
    {
        // HTTP-version SP status-code SP [reason-phrase]; the reason phrase is not forwarded (Kestrel writes its own).
        // A status outside 100-599 (RFC 9110 §15) is not an answer a client can act on: 502, as Envoy does.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || (line.Length > 12 && line[12] != ' '))
        {
            return false;
        }

        if (line[7] is not ((byte)'0' or (byte)'1'))
        {
            return false;
        }

        var code = line.Slice(9, 3);
        if (code[0] is < (byte)'1' or > (byte)'5' || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
        {
            return false;
        }

        head.Version11 = line[7] == '1';
        head.Status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        return true;
    }

    private static bool ParseField(ReadOnlySpan<byte> data, int start, int length, Http1ResponseHead head, ref FramingFields fields)
    {
        var line = data.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            return false; // includes obs-fold (a line starting with whitespace), rejected as RFC 9112 §5.2 allows
        }

        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t')
        {
            valueStart++;
        }

        while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t')
        {
            valueEnd--;
        }

        var value = line[valueStart..valueEnd];
        if (value.IndexOfAnyInRange((byte)0, (byte)8) >= 0 || value.IndexOfAnyInRange((byte)10, (byte)31) >= 0 || value.Contains((byte)127))
        {
            return false;
        }

        head.Add(new Http1HeaderRange(start, colon, start + valueStart, valueEnd - valueStart));
        return fields.Note(line[..colon], value);
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (b <= ' ' || b >= 127 || b is (byte)'"' or (byte)'(' or (byte)')' or (byte)',' or (byte)'/' or (byte)':' or (byte)';'
                or (byte)'<' or (byte)'=' or (byte)'>' or (byte)'?' or (byte)'@' or (byte)'[' or (byte)'\\' or (byte)']' or (byte)'{' or (byte)'}')
            {
                return false;
            }
        }

        return true;
    }

    private static OperationStatus Frame(Http1ResponseHead head, bool headRequest, FramingFields fields)
    {
        head.Close = fields.Close || !head.Version11;
        if (headRequest || head.Status < 200 || head.Status is 204 or 304)
        {
            head.Framing = Http1BodyFraming.None;
        }
        else if (fields.TransferEncoding)
        {
            // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and such a connection is not reused; a
            // final coding other than chunked means the body runs until the server closes.
            head.Framing = fields.Chunked ? Http1BodyFraming.Chunked : Http1BodyFraming.UntilClose;
            head.Close |= fields.ContentLength >= 0 || !fields.Chunked;
        }
        else if (fields.ContentLength >= 0)
        {
            head.ContentLength = fields.ContentLength;
            head.Framing = fields.ContentLength == 0 ? Http1BodyFraming.None : Http1BodyFraming.ContentLength;
        }
        else
        {
            head.Framing = Http1BodyFraming.UntilClose;
            head.Close = true;
        }

        return OperationStatus.Done;
    }

    /// <summary>What the framing fields (Content-Length, Transfer-Encoding, Connection) said.</summary>
    private struct FramingFields
    {
        public long ContentLength = -1;
        public bool TransferEncoding;
        public bool Chunked;
        public bool Close;

        public FramingFields()
        {
        }

        public bool Note(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                // RFC 9110 §8.6: 1*DIGIT (Utf8Parser alone takes "+2"); repeated identical values may be taken as one; anything else is invalid.
                if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9')
                    || !Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || (ContentLength >= 0 && ContentLength != length))
                {
                    return false;
                }

                ContentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                TransferEncoding = true;
                Chunked = EndsWithToken(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                Close |= HasToken(value, "close"u8);
            }

            return true;
        }

        private static bool EndsWithToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
        {
            var last = value.LastIndexOf((byte)',');
            return Ascii.EqualsIgnoreCase(value[(last + 1)..].Trim(" \t"u8), token);
        }

        private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
        {
            foreach (var range in value.Split((byte)','))
            {
                if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
