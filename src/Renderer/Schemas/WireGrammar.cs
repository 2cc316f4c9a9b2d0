using System.Globalization;
using System.Text.RegularExpressions;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// What a string that reaches the wire may contain. Every string of a manifest is free of control
/// characters (CR, LF and NUL would split or end an HTTP/1.1 message: RFC 9112 section 2.2, RFC 9110 section
/// 5.5); paths follow RFC 3986 section 3.3, header names are RFC 9110 tokens, CORS origins RFC 6454 origins.
/// </summary>
internal static partial class WireGrammar
{
    private const string PathSymbols = "-._~!$&'()*+,;=:@/";

    /// <summary>The first control character (C0, DEL, C1) in <paramref name="text"/>, or -1.</summary>
    public static int FirstControl(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < 0x20 || c is >= '\u007F' and <= '\u009F') && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Null when <paramref name="text"/> fits the grammar <paramref name="wire"/> names, else what is wrong.</summary>
    public static string? Check(string wire, string text) => wire switch
    {
        "path" => PathProblem(text),
        "header-name" => HeaderNames.IsValid(text) ? null : "is not an HTTP header name (an RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)",
        "origin" => OriginProblem(text),
        "dns-subdomain" => Dns1123Subdomain().IsMatch(text) && text.Length <= 253 ? null
            : "is not a DNS-1123 name (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit); it names a Secret and a directory on the nodes, never a path",
        _ => null,
    };

    /// <summary>Null for an absolute path of RFC 3986 path characters and valid percent-escapes.</summary>
    public static string? PathProblem(string path)
    {
        if (!path.StartsWith('/'))
        {
            return "must start with '/'";
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%')
            {
                if (i + 2 >= path.Length || !byte.TryParse(path.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    return $"has a '%' at {i + 1} that does not start a percent-escape (%XX)";
                }

                if (b is < 0x20 or 0x7F)
                {
                    return $"encodes the control character %{b:X2} at {i + 1}";
                }

                i += 2;
            }
            else if (!char.IsAsciiLetterOrDigit(c) && !PathSymbols.Contains(c, StringComparison.Ordinal))
            {
                return $"has '{(c < 0x80 ? c.ToString() : $"U+{(int)c:X4}")}' at {i + 1}, which a path may not hold (RFC 3986 section 3.3): percent-encode it";
            }
        }

        return null;
    }

    private static string? OriginProblem(string origin)
    {
        if (origin == "*")
        {
            return null;
        }

        var sep = origin.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0 || !origin[..sep].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return "is not an origin: write scheme://host[:port] (e.g. https://app.example.com) or *";
        }

        var host = origin[(sep + 3)..];
        return host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '*' or '[' or ']')
            ? null
            : "is not an origin: write scheme://host[:port] (e.g. https://app.example.com) or *";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();
}
