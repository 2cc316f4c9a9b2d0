using System.Text;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The <c>gitgateway/plan</c> check: the comment's verdict as its title (with a note when the diff is against what
/// the edge serves because the base is held), the comment's content as its summary, the whole diff as its text
/// (GitHub allows 65,535 characters for each), and one annotation per diagnostic and per failed routing test.
/// </summary>
internal static class PlanCheckBuilder
{
    public const string Name = "gitgateway/plan";
    private const int MaxOutput = 65_535;
    private const int MaxTitle = 200;

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
            Title(review),
            summary,
            FullText(review),
            annotations)
        {
            DetailsUrl = review.FullDiffUrl,
        };
    }

    /// <summary>
    /// The verdict line, and when the diff is against what the edge serves because the base's tip is held, a short
    /// note before it saying so (the summary has the comment's whole line, with why): the list of checks and a commit status
    /// show only the title, and the verdict of a held base counts the held commits' changes too.
    /// </summary>
    private static string Title(PlanReview review)
    {
        var verdict = review.SummaryLine(DisplayText.Escape);
        if (review.Against is not { HeldTip: { } tip } held)
        {
            return DisplayText.Shorten(verdict, MaxTitle);
        }

        // The note first: a commit status cuts its description at 140 characters, and its state already says pass or fail.
        var note = DisplayText.Shorten(
            $"⏸️ against what the edge serves ({(held.Commit is null ? "nothing yet" : Short(held.Commit))}): {DisplayText.Escape(review.BaseRef)}'s tip {Short(tip)} is not applied yet",
            MaxTitle / 2);
        return note + " · " + DisplayText.Shorten(verdict, MaxTitle - note.Length - 3);
    }

    // A commit id as the comment shows it; escaped, as every string from Git is.
    private static string Short(string commit) => DisplayText.Escape(ShortId.Commit(commit, 7));

    /// <summary>
    /// The check's text, all of it in code blocks: GitHub renders it as markdown, and every line is the repository's
    /// (test names, files, messages), so none is read as markup; each is one line, with no fence of its own.
    /// </summary>
    private static string FullText(PlanReview review)
    {
        var lines = review.Tests.Where(t => !t.Passed).Select(t => $"FAIL {t.File}:{t.Line} {t.Name}: {t.Detail}")
            .Concat(review.Claims.Select(c => $"CLAIM {c.File}: {c.Change}"))
            .Concat(review.Destructive.Reasons.Select(reason => "DESTRUCTIVE " + reason))
            .Concat(review.Traffic.Select(line => line.Text))
            .Concat(review.Diagnostics.Select(d => d.ToString()))
            .Concat(review.Tests.Where(t => t.Passed).Select(t => $"PASS {t.File}:{t.Line} {t.Name}: {t.Detail}"));
        var text = new StringBuilder("```text\n");
        Fenced(text, lines);
        text.Append("```\n\n```diff\n");
        Fenced(text, review.Changes.Select(c => c.ToString()));
        text.Append("```\n");
        if (text.Length <= MaxOutput)
        {
            return text.ToString();
        }

        var note = review.FullDiffUrl is { } url ? $"\n```\n… (cut at GitHub's output limit; all of it: {url})\n" : "\n```\n… (cut at GitHub's output limit)\n";
        return text.ToString(0, MaxOutput - note.Length) + note;
    }

    private static void Fenced(StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            text.Append(DisplayText.Escape(line).Replace("```", "'''", StringComparison.Ordinal)).Append('\n');
        }
    }
}
