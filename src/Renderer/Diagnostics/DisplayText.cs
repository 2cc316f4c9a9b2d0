using System.Globalization;
using System.Text;

namespace GitGateway.Renderer.Diagnostics;

/// <summary>
/// Makes text from a repository safe to show: control characters (C0, DEL, C1) and the Unicode bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a reviewer sees, CVE-2021-42574)
/// become <c>&lt;U+202E&gt;</c>. Diagnostics, the pull-request comment and check annotations all pass through it.
/// </summary>
public static class DisplayText
{
    /// <summary>Escapes every unsafe character of <paramref name="text"/>, line breaks included.</summary>
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>Escapes unsafe characters but keeps <c>\n</c>, for multi-line documents (markdown) we compose.</summary>
    public static string EscapeKeepingLineBreaks(string text) => Escape(text, keepLineBreaks: true);

    /// <summary>Whether <paramref name="c"/> is shown escaped.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static string Escape(string text, bool keepLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]) && !(keepLineBreaks && text[i] == '\n'))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (IsUnsafe(c) && !(keepLineBreaks && c == '\n'))
            {
                result.Append("<U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('>');
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
