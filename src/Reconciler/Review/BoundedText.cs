using System.Text;

using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// A string from Git, the network or an operator made one bounded line before it is kept or put in a sentence of
/// ours: control characters (line breaks included) and the bidi overrides and isolates are dropped, the rest is
/// trimmed and cut at <c>max</c> characters, ending in "…" when cut (<see cref="PlanReviewer.Shorten"/>). Where it is
/// shown it is still escaped (<c>DisplayText</c>, <see cref="MarkdownText"/>): this only bounds what is kept.
/// </summary>
internal static class BoundedText
{
    public static string Clean(string? value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in (value ?? "").Trim())
        {
            if (!char.IsControl(c) && c is not ((>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069')))
            {
                text.Append(c);
            }
        }

        return DisplayText.Shorten(text.ToString().Trim(), max);
    }
}
