using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Inspects a buffered request body (at most <see cref="Limit"/> bytes; a longer body is inspected up to the limit):
/// a form body as arguments, a JSON body by its property names (argument names) and string values (argument
/// values). A complete JSON body that does not parse is a finding of its own (a parser difference is how payloads
/// slip past a WAF); a truncated one is read as far as it goes.
/// </summary>
internal static class WafBodyInspector
{
    public const int Limit = 64 * 1024;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static WafBodyKind KindOf(string? contentType)
    {
        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        media = (semicolon < 0 ? media : media[..semicolon]).Trim();
        if (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return WafBodyKind.Form;
        }

        // application/json and the structured-syntax suffix types (RFC 6839 §3.1: application/problem+json, …).
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
            && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) ? WafBodyKind.Json : WafBodyKind.None;
    }

    /// <summary>Inspects <paramref name="body"/> and returns how many form arguments it held (JSON members are not counted).</summary>
    public static int Inspect(ReadOnlySpan<byte> body, bool complete, WafBodyKind kind, int level, ref WafFindings findings)
    {
        if (body.IsEmpty || kind == WafBodyKind.None)
        {
            return 0;
        }

        var chars = ArrayPool<char>.Shared.Rent(body.Length);
        try
        {
            if (kind == WafBodyKind.Form)
            {
                var length = Encoding.UTF8.GetChars(body, chars);
                return WafArguments.Inspect(chars.AsSpan(0, length), level, ref findings);
            }

            InspectJson(body, complete, chars, level, ref findings);
            return 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void InspectJson(ReadOnlySpan<byte> body, bool complete, char[] chars, int level, ref WafFindings findings)
    {
        var reader = new Utf8JsonReader(body, complete, new JsonReaderState(Options));
        try
        {
            while (reader.Read())
            {
                var target = reader.TokenType switch
                {
                    JsonTokenType.PropertyName => WafTargets.ArgName,
                    JsonTokenType.String => WafTargets.ArgValue,
                    _ => WafTargets.None,
                };
                if (target != WafTargets.None)
                {
                    // An unescaped string never has more characters than its UTF-8 bytes, so the buffer always fits.
                    var length = reader.CopyString(chars);
                    WafValueInspector.Inspect(chars.AsSpan(0, length), target, level, ref findings);
                }
            }
        }
        catch (JsonException)
        {
            findings.Signal(ProtocolRules.UnparsableBody, level);
        }
        catch (InvalidOperationException)
        {
            // CopyString refuses strings whose escapes do not form valid text (a lone surrogate).
            findings.Signal(ProtocolRules.UnparsableBody, level);
        }
    }
}
