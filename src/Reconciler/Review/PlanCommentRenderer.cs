using System.Text;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The one pull-request comment, in markdown, found again by <see cref="Marker"/> and edited in place. It stays
/// under GitHub's 65,536-character limit: the collapsed diff goes first, then long lists are cut, each with a
/// note pointing at the <c>gitgateway/plan</c> check, which carries the full detail.
/// </summary>
internal static class PlanCommentRenderer
{
    public const string Marker = "<!-- gitgateway:plan -->";
    public const int MaxLength = 65_536;
    private const int ListCap = 40;

    public static string Render(PlanReview review, int maxLength = MaxLength)
    {
        var full = Build(review, includeDiff: true, cap: int.MaxValue);
        if (full.Length <= maxLength)
        {
            return full;
        }

        var trimmed = Build(review, includeDiff: false, cap: ListCap);
        if (trimmed.Length <= maxLength)
        {
            return trimmed;
        }

        var note = $"\n\n_The comment was cut at GitHub's size limit; the full detail is in {Where(review)}._\n";
        return trimmed[..(maxLength - note.Length)] + note;
    }

    private static string Build(PlanReview r, bool includeDiff, int cap)
    {
        var md = new StringBuilder();
        md.Append(Marker).Append('\n');
        md.Append("### ").Append(r.SummaryLine(Escape)).Append("\n\n");
        md.Append("<sub>").Append(Code(r.BaseRef)).Append(' ').Append(Short(r.BaseSha)).Append(" → head ").Append(Short(r.HeadSha))
            .Append(" · plan ").Append(Code(r.HeadPlanHash.Length > 19 ? r.HeadPlanHash[..19] : r.HeadPlanHash)).Append("</sub>\n\n");
        if (r.Replanned is { } replanned)
        {
            md.Append("🔁 ").Append(Escape(replanned)).Append("\n\n");
        }

        if (r.Against is { HeldTip: { } tip } held)
        {
            // The tip and the reason come from Git and the apply's refusal (repository text), the served commit from Git.
            md.Append("⏸️ ").Append(Code(r.BaseRef)).Append("'s tip ").Append(Short(tip)).Append(" is not applied yet (")
                .Append(Escape(held.HeldReason ?? "held")).Append("): this diff is against what the edge serves (")
                .Append(held.Commit is null ? "nothing yet" : Short(held.Commit)).Append("), so it includes the changes of ")
                .Append(Code(r.BaseRef)).Append(" that merging applies too.\n\n");
        }

        if (r.MergeConflict is { } conflict)
        {
            md.Append("⚠️ ").Append(Escape(conflict)).Append("\n\n");
        }

        foreach (var line in r.BaseOverCap.Lines)
        {
            md.Append("⚠️ ").Append(Escape(line)).Append("\n\n");
        }

        // What decides the mark and what needs the platform's review come before the traffic change.
        Tests(md, r, cap);
        Claims(md, r, cap);
        Destructive(md, r, cap);
        Traffic(md, r, cap);
        List(md, r, "Statuses not Accepted", r.StatusProblems.Select(Escape), cap);
        Diagnostics(md, r, cap);
        Radius(md, r);
        if (includeDiff)
        {
            Diff(md, r);
        }
        else if (r.Changes.Count > 0)
        {
            md.Append("_The full plan diff (").Append(r.Changes.Count).Append(" changes) is too long for a comment: it is in ").Append(Where(r)).Append("._\n");
        }

        // Names, test titles and messages come from the repository and are escaped where they are put in
        // (MarkdownText); this is the backstop: no control or bidi override character reaches the comment raw (a
        // U+202E would make the reviewer read something else than what is merged).
        return DisplayText.EscapeKeepingLineBreaks(md.ToString());
    }

    private static void Traffic(StringBuilder md, PlanReview r, int cap)
    {
        if (r.HeadNotRendered)
        {
            md.Append("**The head was not rendered.** It holds more manifest files or bytes than the repository's limits allow (the ")
                .Append(Code("LimitExceeded")).Append(" error below), so only its ").Append(Code("gitgateway.yaml")).Append(" was read: there is no diff to show. ")
                .Append("Merging it would be refused as a whole: the edge would keep serving ").Append(Code(r.BaseRef)).Append(".\n\n");
            return;
        }

        if (r.BaseOverCap.NotRead)
        {
            md.Append("**No diff:** the base was not read (above), so no change is shown against it.\n\n");
            return;
        }

        if (!r.Valid)
        {
            md.Append(r.KeptTeams.Count > 0
                ? $"The traffic changes below are what merging would apply: the head with the folders of {string.Join(", ", r.KeptTeams.Select(Code))} {KeptWhere(r)}, since theirs do not render.\n\n"
                : $"Merging this head would be refused as a whole: the edge would keep serving {Code(r.BaseRef)}.\n\n");
        }

        if (r.NoTrafficChange)
        {
            md.Append("**No change to traffic.** The plan routes exactly as on ").Append(Code(r.BaseRef)).Append(".\n\n");
            return;
        }

        var lines = r.Traffic.Select(t => $"{Code(t.Key)}: {Escape(t.Change)}")
            .Concat(r.OtherChanges.Select(o => Code(o)));
        List(md, r, "Traffic changes", lines, cap);
    }

    private static void Tests(StringBuilder md, PlanReview r, int cap)
    {
        if (r.Tests.Count == 0)
        {
            return;
        }

        md.Append("**Routing tests:** ").Append(r.Tests.Count - r.TestsFailed).Append(" passed, ").Append(r.TestsFailed).Append(" failed\n");
        if (!r.Valid && r.KeptTeams.Count > 0)
        {
            // The head's broken render is not what the edge would serve: say which result the marks are for.
            md.Append("_Run on what merging would apply: the head with the folders of ").Append(string.Join(", ", r.KeptTeams.Select(Code)))
                .Append(" (tests included) ").Append(KeptWhere(r)).Append(", since theirs do not render (their errors are listed below)._\n");
        }

        var failed = r.Tests.Where(t => !t.Passed).ToList();
        foreach (var t in failed.Take(cap))
        {
            md.Append("- ❌ ").Append(Link(r, t.File, t.Line)).Append(' ').Append(Escape(t.Name)).Append(" — ").Append(Escape(t.Detail)).Append('\n');
        }

        More(md, r, failed.Count, cap);
        md.Append('\n');
    }

    private static void Claims(StringBuilder md, PlanReview r, int cap) =>
        List(md, r, "Claim changes — need platform review", r.Claims.Select(c => $"{Code(c.File)}: {Escape(c.Change)}"), cap);

    private static void Destructive(StringBuilder md, PlanReview r, int cap)
    {
        if (!r.Destructive.IsDestructive)
        {
            return;
        }

        List(md, r, "Destructive change — what stops being served", r.Destructive.Reasons.Select(Escape), cap);
        md.Append(r.Override is { } reason
            ? $"_Allowed by the head commit: {Code($"{DestructiveOverride.Trailer}: {reason}")}._\n\n"
            : $"_Not applied on merge unless the head commit carries the trailer {Code($"{DestructiveOverride.Trailer}: <reason>")}._\n\n");
    }

    private static void Diagnostics(StringBuilder md, PlanReview r, int cap)
    {
        if (r.Diagnostics.Count == 0)
        {
            return;
        }

        md.Append("**Diagnostics**\n\n| | where | code | message |\n|---|---|---|---|\n");
        foreach (var d in r.Diagnostics.Take(cap))
        {
            md.Append("| ").Append(d.Severity == DiagnosticSeverity.Error ? "❌" : "⚠️").Append(" | ").Append(Link(r, d.File, d.Line))
                .Append(" | ").Append(Code(d.Code)).Append(" | ").Append(Escape(d.Message)).Append(" |\n");
        }

        More(md, r, r.Diagnostics.Count, cap);
        md.Append('\n');
    }

    private static void Radius(StringBuilder md, PlanReview r)
    {
        if (r.Radius.IsEmpty)
        {
            return;
        }

        md.Append("**Blast radius:** teams ").Append(Join(r.Radius.Teams)).Append(" · hostnames ").Append(Join(r.Radius.Hostnames))
            .Append(" · gateways ").Append(Join(r.Radius.Gateways)).Append("\n\n");

        static string Join(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items.Select(Code));
    }

    private static void Diff(StringBuilder md, PlanReview r)
    {
        if (r.Changes.Count == 0)
        {
            return;
        }

        md.Append("<details><summary>Full plan diff (").Append(r.Changes.Count).Append(" changes)</summary>\n\n```diff\n");
        foreach (var c in r.Changes)
        {
            md.Append(DisplayText.Escape(c.ToString()).Replace("```", "'''", StringComparison.Ordinal)).Append('\n');
        }

        md.Append("```\n\n</details>\n");
    }

    private static void List(StringBuilder md, PlanReview r, string title, IEnumerable<string> items, int cap)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            return;
        }

        md.Append("**").Append(title).Append("**\n");
        foreach (var item in all.Take(cap))
        {
            md.Append("- ").Append(item).Append('\n');
        }

        More(md, r, all.Count, cap);
        md.Append('\n');
    }

    private static void More(StringBuilder md, PlanReview r, int count, int cap)
    {
        if (count > cap)
        {
            md.Append("- …and ").Append(count - cap).Append(" more: see ").Append(Where(r)).Append('\n');
        }
    }

    /// <summary>Where a cut comment sends the reader: the control plane's full review when it has one, and the check.</summary>
    private static string Where(PlanReview r) => r.FullDiffUrl is { } url
        ? $"[the full plan and diff]({url}) (and the `gitgateway/plan` check)"
        : "the `gitgateway/plan` check";

    private static string Link(PlanReview r, string file, int line) => MarkdownText.FileLink(r.BlobBaseUrl, file, line);

    /// <summary>Where the kept teams' folders come from: the base, or the commits the apply kept them from.</summary>
    private static string KeptWhere(PlanReview r) => r.KeptFrom is null
        ? "as on " + Code(r.BaseRef)
        : "as last applied (" + string.Join(", ", r.KeptFrom.Select(c => Short(c))) + ")";

    private static string Short(string? sha) => sha is null ? "(none)" : Code(ShortId.Commit(sha, 7));

    private static string Code(string text) => MarkdownText.Code(text);

    // One value on one line, read as text only: a line break in a test name must not start a heading of its own.
    private static string Escape(string text) => MarkdownText.Inline(text);
}
