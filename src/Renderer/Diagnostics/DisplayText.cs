using System.Globalization;
using System.Text;

namespace GitGateway.Renderer.Diagnostics;

/// <summary>
/// Makes text from a repository safe to show: control characters (C0, DEL, C1) and the Unicode bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a reviewer sees, CVE-2021-42574)
/// become <c>&lt;U+202E&gt;</c>; so do, in a value (<see cref="Escape"/>), the characters a reader cannot see
/// (<see cref="IsInvisible"/>: zero-width spaces and joiners, the BOM, the soft hyphen, Hangul fillers, variation
/// selectors, tags), with which <c>shop.example.com</c> and <c>shop.exa\u200Bmple.com</c> would look the same.
/// Diagnostics, the pull-request comment and check annotations all pass through it.
/// </summary>
public static class DisplayText
{
    /// <summary>Escapes every unsafe and invisible character of one value, line breaks included.</summary>
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>
    /// Escapes unsafe characters but keeps <c>\n</c> and invisible characters, for multi-line documents (markdown)
    /// we compose, whose values were escaped with <see cref="Escape"/> (an emoji's variation selector is ours).
    /// </summary>
    public static string EscapeKeepingLineBreaks(string text) => Escape(text, keepLineBreaks: true);

    /// <summary>At most <paramref name="max"/> characters, ending in "…" when cut; never between a surrogate pair's halves.</summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max >= 2 && char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut] + "…";
    }

    /// <summary>Whether <paramref name="c"/> is shown escaped.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    /// <summary>
    /// Whether <paramref name="c"/> is drawn as nothing: the default-ignorable code points of Unicode (the soft hyphen,
    /// the combining grapheme joiner, the Arabic letter mark, Hangul fillers, Mongolian and other variation selectors,
    /// zero-width spaces, joiners and marks, the word joiner and invisible operators, the BOM, the high surrogate of
    /// the tag characters), the braille blank, and the line and paragraph separators some editors break lines at.
    /// </summary>
    public static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u2028' or '\u2029' or '\u2800' or '\u3164' or '\uFEFF' or '\uFFA0' or '\uDB40'
        || c is >= '\u180B' and <= '\u180F' || c is >= '\u200B' and <= '\u200F' || c is >= '\u2060' and <= '\u206F'
        || c is >= '\uFE00' and <= '\uFE0F' || c is >= '\uFFF0' and <= '\uFFF8';

    private static bool Escaped(char c, bool keepLineBreaks) =>
        keepLineBreaks ? IsUnsafe(c) && c != '\n' : IsUnsafe(c) || IsInvisible(c);

    private static string Escape(string text, bool keepLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (Escaped(text[i], keepLineBreaks))
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
            if (Escaped(c, keepLineBreaks))
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
