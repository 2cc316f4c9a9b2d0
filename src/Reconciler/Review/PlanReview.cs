using GitGateway.Plan.Diff;
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

    public int TestsFailed => Tests.Count(t => !t.Passed);

    /// <summary>The check passes when the head renders without errors and every routing test passes.</summary>
    public bool Passed => Valid && TestsFailed == 0;

    public bool NoTrafficChange => Traffic.Count == 0 && OtherChanges.Count == 0;

    public string SummaryLine()
    {
        var errors = Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var head = Valid ? "✅ Plan is valid" : $"❌ Plan is invalid ({errors} error{(errors == 1 ? "" : "s")}; nothing would be applied)";
        var routes = $"routes: {Routes.Added} added, {Routes.Changed} changed, {Routes.Removed} removed";
        var tests = Tests.Count == 0 ? "" : $"; routing tests: {Tests.Count - TestsFailed}/{Tests.Count} passed";
        return $"{head} — {routes}{tests}";
    }
}
