using GitGateway.Plan.Diff;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Review;

/// <summary>Everything the pull-request comment and the <c>gitgateway/plan</c> check say about one head commit.</summary>
internal sealed record PlanReview(
    string HeadSha,
    string? BaseSha,
    string BaseRef,
    string? BlobBaseUrl,
    bool Valid,
    string HeadPlanHash,
    RouteCounts Routes,
    IReadOnlyList<TrafficLine> Traffic,
    IReadOnlyList<string> OtherChanges,
    IReadOnlyList<string> StatusProblems,
    IReadOnlyList<Diagnostic> Diagnostics,
    BlastRadius Radius,
    IReadOnlyList<PlanChange> Changes,
    IReadOnlyList<RoutingTestResult> Tests)
{
    /// <summary>
    /// Where the control plane serves this review in full (<c>GET …/plans/{sha}/diff</c>), linked wherever the comment
    /// or the check is cut to fit GitHub's limits; null when the control plane has no address reviewers can reach.
    /// </summary>
    public string? FullDiffUrl { get; init; }

    /// <summary>Changes to the teams' claims, which need the platform's review.</summary>
    public IReadOnlyList<ClaimChange> Claims { get; init; } = [];

    /// <summary>What the change stops serving, when it is destructive.</summary>
    public DestructiveChange Destructive { get; init; } = DestructiveChange.None;

    /// <summary>The reason of the head's <see cref="DestructiveOverride"/> trailer, or null.</summary>
    public string? Override { get; init; }

    /// <summary>
    /// Why this review replaced one the comment showed for the same head ("re-planned because main moved to …"), or
    /// null for a review of a new head.
    /// </summary>
    public string? Replanned { get; init; }

    /// <summary>
    /// Set when the head does not merge cleanly into the base branch's tip: the review then plans the head against
    /// the fork point, and says so.
    /// </summary>
    public string? MergeConflict { get; init; }

    /// <summary>
    /// For a head with errors only in team folders: the teams that merging it would keep on their base files
    /// (per-team isolation), while the rest of the head is applied; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> KeptTeams { get; init; } = [];

    /// <summary>
    /// The commits the apply keeps <see cref="KeptTeams"/>' folders from when that is not the base (the base had them
    /// refused, or the base itself is not applied yet); null when they are the base's.
    /// </summary>
    public IReadOnlyList<string>? KeptFrom { get; init; }

    /// <summary>Which files <see cref="KeptTeams"/> keep, as the summary names them, each name put through <paramref name="text"/>.</summary>
    private string KeptFiles(Func<string, string> text) =>
        KeptFrom is null ? $"the files of {text(BaseRef)}" : $"the files last applied ({string.Join(", ", KeptFrom.Select(c => text(ShortId.Commit(c, 7))))})";

    /// <summary>
    /// Set when the head is over the repository's cap on files or bytes, so its content was not read: there is no
    /// diff to show, only the cap's error, and merging it would be refused as a whole.
    /// </summary>
    public bool HeadNotRendered { get; init; }

    /// <summary>
    /// The plan the edge serves, when the diff is against it rather than against the base's render
    /// (<see cref="ServedPlan"/>); the comment says so when the base's tip is held. Null otherwise.
    /// </summary>
    public ServedPlan? Against { get; init; }

    /// <summary>The caps the base is already over, one line each; when it was not read, nothing is diffed against it.</summary>
    public BaseOverCap BaseOverCap { get; init; } = BaseOverCap.None;

    public int TestsFailed => Tests.Count(t => !t.Passed);

    /// <summary>
    /// Whether merging applies the plan this review shows (<see cref="HeadPlanHash"/>): the head renders, or renders
    /// with teams kept as on the base; false when the head would be refused as a whole (the plan shown is the base's).
    /// </summary>
    public bool Applies => !HeadNotRendered && (Valid || KeptTeams.Count > 0);

    /// <summary>A destructive change the head does not explicitly allow.</summary>
    public bool DestructiveBlocked => Destructive.IsDestructive && Override is null;

    /// <summary>
    /// The check passes when the head renders without errors, every routing test passes, and a destructive change
    /// carries the override.
    /// </summary>
    public bool Passed => Valid && TestsFailed == 0 && !DestructiveBlocked;

    public bool NoTrafficChange => Traffic.Count == 0 && OtherChanges.Count == 0;

    /// <summary>
    /// The verdict line; the names in it (the kept teams, the base branch) come from the repository and are put
    /// through <paramref name="text"/> (for markdown, <see cref="MarkdownText.Inline"/>), the line itself is ours.
    /// </summary>
    public string SummaryLine(Func<string, string>? text = null)
    {
        text ??= s => s;
        var teams = string.Join(", ", KeptTeams.Select(text));
        var errors = Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var head = (Valid, TestsFailed, DestructiveBlocked, Destructive.IsDestructive) switch
        {
            (false, _, _, _) when HeadNotRendered => $"❌ Head not rendered: over the repository's limits ({errors} error{(errors == 1 ? "" : "s")}; nothing would be applied)",
            (false, _, _, _) when KeptTeams.Count > 0 && (TestsFailed > 0 || DestructiveBlocked) =>
                $"❌ Plan is invalid ({errors} error{(errors == 1 ? "" : "s")}; if merged, {teams} would keep {KeptFiles(text)}, and what that applies "
                + $"{(TestsFailed > 0 ? $"fails {TestsFailed} of {Tests.Count} routing tests" : "is a destructive change")}: nothing would be applied without the `{DestructiveOverride.Trailer}` trailer)",
            (false, _, _, _) when KeptTeams.Count > 0 => $"❌ Plan is invalid ({errors} error{(errors == 1 ? "" : "s")}; if merged, {teams} would keep {KeptFiles(text)} and the rest would be applied)",
            (false, _, _, _) => $"❌ Plan is invalid ({errors} error{(errors == 1 ? "" : "s")}; nothing would be applied)",
            (_, > 0, _, _) => $"❌ Routing tests fail ({TestsFailed} of {Tests.Count}; nothing would be applied without the `{DestructiveOverride.Trailer}` trailer)",
            (_, _, true, _) => $"⛔ Destructive change (nothing would be applied without the `{DestructiveOverride.Trailer}` trailer)",
            (_, _, _, true) => "⚠️ Destructive change, allowed by the head commit",
            _ => "✅ Plan is valid",
        };
        var routes = HeadNotRendered || BaseOverCap.NotRead ? "no diff" : $"routes: {Routes.Added} added, {Routes.Changed} changed, {Routes.Removed} removed";
        var tests = Tests.Count == 0 ? "" : $"; routing tests: {Tests.Count - TestsFailed}/{Tests.Count} passed";
        var claims = Claims.Count == 0 ? "" : $"; claim changes: {Claims.Count}";
        return $"{head} — {routes}{tests}{claims}";
    }
}
