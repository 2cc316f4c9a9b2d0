using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// How the recording backend frames what a proxy sent it, and the client what a proxy answered (a strict RFC 9112 reading: CRLF lines, one
/// Content-Length or <c>Transfer-Encoding: chunked</c>), and whether a forwarded head is one unambiguous request.
/// </summary>
internal static class RequestFraming
{
    /// <summary>The lengths of the first complete request in <paramref name="bytes"/>, or null while it is incomplete.</summary>
    public static (int HeadLength, int TotalLength)? Measure(List<byte> bytes)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var end = span.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var headLength = end + 4;
        var head = Encoding.Latin1.GetString(span[..headLength]);
        if (Values(head, "Transfer-Encoding").Count > 0)
        {
            var body = ChunkedLength(span[headLength..]);
            return body is { } b ? (headLength, headLength + b) : null;
        }

        var length = Values(head, "Content-Length") is [var cl] && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? (int)Math.Min(l, int.MaxValue - headLength) : 0;
        return span.Length >= headLength + length ? (headLength, headLength + length) : null;
    }

    /// <summary>True when the head asks the backend to close after its answer.</summary>
    public static bool AsksToClose(string head) =>
        head.Contains(" HTTP/1.0\r\n", StringComparison.Ordinal) || Values(head, "Connection").Any(v => v.Contains("close", StringComparison.OrdinalIgnoreCase));

    /// <summary>Why a forwarded head is not one unambiguous HTTP/1.1 request, or null when it is.</summary>
    public static string? Ambiguity(string head)
    {
        if (head.Contains('\0', StringComparison.Ordinal))
        {
            return "NUL in the head";
        }

        if (head.Replace("\r\n", "", StringComparison.Ordinal).AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "a bare CR or LF in the head";
        }

        var lengths = Values(head, "Content-Length");
        var codings = Values(head, "Transfer-Encoding");
        return (lengths.Count, codings.Count) switch
        {
            ( > 1, _) => "two Content-Length fields",
            ( > 0, > 0) => "Content-Length and Transfer-Encoding",
            (_, > 1) => "two Transfer-Encoding fields",
            (_, 1) when !string.Equals(codings[0], "chunked", StringComparison.OrdinalIgnoreCase) => $"Transfer-Encoding '{codings[0]}'",
            _ when Values(head, "Host").Count != 1 => "not exactly one Host",
            _ => null,
        };
    }

    /// <summary>The trimmed values of every field named <paramref name="name"/> (no list splitting).</summary>
    public static List<string> Values(string head, string name) =>
        [.. head.Split("\r\n").Skip(1)
            .Where(line => line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())];

    /// <summary>The length of a chunked body at the start of <paramref name="body"/>, trailers included, or null while it is incomplete.</summary>
    public static int? ChunkedLength(ReadOnlySpan<byte> body)
    {
        var at = 0;
        while (true)
        {
            var line = body[at..].IndexOf("\r\n"u8);
            if (line < 0)
            {
                return null;
            }

            var sizeText = Encoding.Latin1.GetString(body.Slice(at, line)).Split(';')[0];
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                return null;
            }

            at += line + 2;
            if (size == 0)
            {
                var trailers = body[at..].IndexOf("\r\n"u8);
                while (trailers > 0)
                {
                    at += trailers + 2;
                    trailers = body[at..].IndexOf("\r\n"u8);
                }

                return trailers < 0 ? null : at + 2;
            }

            if (body.Length < at + size + 2)
            {
                return null;
            }

            at += size + 2;
        }
    }
}
