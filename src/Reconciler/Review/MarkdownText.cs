using System.Text;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// A string from a repository (a name, path, value, message or file name) put into the comment's markdown so that it
/// can only read as that string: it never adds a line (a heading, a ✅ verdict, a list item), a table cell, a code
/// span, emphasis, a link or an image that calls out, HTML (an HTML comment would hide the rest), an entity (a
/// <c>&amp;#x202E;</c> would decode to a bidi override), an emoji shortcode, a mention that pings people or an issue
/// reference; and what a reader cannot see (control, bidi and zero-width characters) is shown as
/// <c>&lt;U+200B&gt;</c> (<see cref="DisplayText"/>). GitHub links mentions, references and shortcodes after the
/// markdown is parsed, so a backslash does not stop them: a zero-width space after the <c>@</c>, <c>#</c> or
/// <c>:</c> does.
/// </summary>
internal static class MarkdownText
{
    // CommonMark lets a backslash escape any ASCII punctuation; these open or close markup within a line.
    private const string Escaped = "\\`*_[]|~";
    private const char Breaker = '\u200B';

    /// <summary><paramref name="text"/> as inline markdown text, on one line.</summary>
    public static string Inline(string text)
    {
        var safe = DisplayText.Escape(text);
        var md = new StringBuilder(safe.Length + 16);
        for (var i = 0; i < safe.Length; i++)
        {
            var c = safe[i];
            var next = i + 1 < safe.Length ? safe[i + 1] : '\0';
            _ = c switch
            {
                // <U+202E> is DisplayText's mark for a character it escaped; no tag name has a '+'.
                '<' when next != 'U' || i + 2 >= safe.Length || safe[i + 2] != '+' => md.Append("&lt;"),
                '&' => md.Append("&amp;"),
                '@' when char.IsAsciiLetterOrDigit(next) => md.Append(c).Append(Breaker), // a mention
                '#' when char.IsAsciiDigit(next) => md.Append(c).Append(Breaker), // a reference to an issue
                ':' when char.IsAsciiLetter(next) || next is '+' or '-' or '/' => md.Append(c).Append(Breaker), // :white_check_mark:, a bare URL
                _ when Escaped.Contains(c, StringComparison.Ordinal) => md.Append('\\').Append(c),
                _ => md.Append(c),
            };
        }

        return md.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as a code span, on one line: a backtick, which would close it, reads as <c>'</c>; a pipe
    /// is escaped, since a table splits cells at it even inside a code span.
    /// </summary>
    public static string Code(string text) =>
        "`" + DisplayText.Escape(text).Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    /// <summary>
    /// A link to <paramref name="file"/> at <paramref name="line"/> under <paramref name="blobBaseUrl"/> (a code span
    /// when there is none): the name as text, and in the address each path segment percent-encoded, so a <c>)</c> or a
    /// space does not end it.
    /// </summary>
    public static string FileLink(string? blobBaseUrl, string file, int line) => blobBaseUrl is null
        ? Code($"{file}:{line}")
        : $"[{Inline(file)}:{line}]({blobBaseUrl}{string.Join('/', file.Split('/').Select(Segment))}#L{line})";

    // Through UTF-8 and back first: a lone surrogate becomes U+FFFD instead of an exception out of the encoder.
    private static string Segment(string segment) => Uri.EscapeDataString(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(segment)));
}
