using System.Text;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The <c>gitgateway/plan</c> check: the comment's content as its summary, the whole diff as its text (GitHub
/// allows 65,535 characters for each), and one annotation per diagnostic and per failed routing test.
/// </summary>
internal static class PlanCheckBuilder
{
    public const string Name = "gitgateway/plan";
    private const int MaxOutput = 65_535;

    public static CheckReport Build(PlanReview review)
    {
        var summary = PlanCommentRenderer.Render(review, MaxOutput).Replace(PlanCommentRenderer.Marker + "\n", "", StringComparison.Ordinal);
        var annotations = review.Diagnostics
            .Select(d => new LineAnnotation(d.File, Math.Max(1, d.Line), d.Severity == DiagnosticSeverity.Error ? "failure" : "warning", d.Code, d.Message))
            .Concat(review.Tests.Where(t => !t.Passed).Select(t => new LineAnnotation(t.File, Math.Max(1, t.Line), "failure", "Routing test failed: " + t.Name, t.Detail)))
            .Concat(review.Claims.Select(c => new LineAnnotation(c.File, 1, "warning", "Claim change — needs platform review", c.Change)))
            .Select(a => new LineAnnotation(DisplayText.Escape(a.File), a.Line, a.Level, DisplayText.Escape(a.Title), DisplayText.Escape(a.Message)))
            .ToList();
        return new CheckReport(
            Name,
            review.HeadSha,
            review.Passed ? CheckOutcome.Success : CheckOutcome.Failure,
            DisplayText.Escape(PlanReviewer.Shorten(review.SummaryLine(), 200)),
            summary,
            DisplayText.EscapeKeepingLineBreaks(FullText(review)),
            annotations)
        {
            DetailsUrl = review.FullDiffUrl,
        };
    }

    private static string FullText(PlanReview review)
    {
        var text = new StringBuilder();
        foreach (var t in review.Tests.Where(t => !t.Passed))
        {
            text.Append("FAIL ").Append(t.File).Append(':').Append(t.Line).Append(' ').Append(t.Name).Append(": ").Append(t.Detail).Append('\n');
        }

        foreach (var c in review.Claims)
        {
            text.Append("CLAIM ").Append(c.File).Append(": ").Append(c.Change).Append('\n');
        }

        foreach (var reason in review.Destructive.Reasons)
        {
            text.Append("DESTRUCTIVE ").Append(reason).Append('\n');
        }

        foreach (var line in review.Traffic)
        {
            text.Append(line.Text).Append('\n');
        }

        foreach (var d in review.Diagnostics)
        {
            text.Append(d).Append('\n');
        }

        foreach (var t in review.Tests.Where(t => t.Passed))
        {
            text.Append("PASS ").Append(t.File).Append(':').Append(t.Line).Append(' ').Append(t.Name).Append(": ").Append(t.Detail).Append('\n');
        }

        text.Append("\n```diff\n");
        foreach (var c in review.Changes)
        {
            text.Append(c).Append('\n');
        }

        text.Append("```\n");
        if (text.Length <= MaxOutput)
        {
            return text.ToString();
        }

        var note = review.FullDiffUrl is { } url ? $"\n… (cut at GitHub's output limit; all of it: {url})\n" : "\n… (cut at GitHub's output limit)\n";
        return text.ToString(0, MaxOutput - note.Length) + note;
    }
}
