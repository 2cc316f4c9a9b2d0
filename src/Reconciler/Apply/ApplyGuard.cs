using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// What stands between a head that renders cleanly and the nodes: its routing tests must pass and it must not be a
/// destructive change against the plan in force, unless the head commit carries the
/// <see cref="DestructiveOverride"/> trailer (then it is applied, and said so loudly). The teams and settings in force
/// are the applied commit's with the team folders the apply keeps from earlier commits (<c>inForce</c>), read as the
/// review's guard reads them (<see cref="ClaimHistory.LayoutOfAsync"/>); the applied commit's files come from
/// <c>appliedFiles</c> when the caller still holds them, else from git (a commit gone: the plan comparison alone
/// decides). Its route entries come from <c>appliedIndex</c> when that was built from the revision in force
/// (<see cref="AppliedIndex"/>), else from its plan.
/// </summary>
internal sealed record ApplyGuard(IReadOnlyList<RoutingTestResult> FailedTests, DestructiveChange Destructive, string? Override)
{
    public bool Triggered => FailedTests.Count > 0 || Destructive.IsDestructive;

    public bool Blocks => Triggered && Override is null;

    /// <summary>The head's route entries, built for this check: the next commit's guard compares against them once this head is applied.</summary>
    public AppliedIndex? HeadIndex { get; init; }

    public static async Task<ApplyGuard> EvaluateAsync(
        ICommitSource source,
        IRouteResolver resolver,
        CommitFiles head,
        RenderResult result,
        PlanRevision? applied,
        CancellationToken cancellationToken,
        CommitFiles? appliedFiles = null,
        AppliedIndex? appliedIndex = null,
        ClaimHistory.Holders? inForce = null)
    {
        var (cases, errors) = RoutingTestLoader.Load(head.Files);
        var failed = errors.Concat(new RoutingTestRunner(resolver).Run(result.Plan, cases)).Where(t => !t.Passed).ToList();
        // The layout in force, as the review's guard reads it: a team refused on the applied commit is there as its kept folder has it.
        var appliedLayout = applied is null
            ? null
            : await ClaimHistory.LayoutOfAsync(source, inForce is { Commit: not null } ? inForce : new(applied.Commit, null), cancellationToken, appliedFiles);
        var headIndex = AppliedIndex.Next(head.Commit, result.Plan, appliedIndex);
        var destructive = DestructiveChange.Of(applied?.Plan, result.Plan, AppliedIndex.ComparedOf(appliedIndex, applied), headIndex.Compared, appliedLayout, RepoLayout.Load(head.Files));

        // The override matters only to a head the guard would stop: a clean head is not asked for it (one git process less).
        var reason = failed.Count > 0 || destructive.IsDestructive
            ? await DestructiveOverride.FindAsync((c, ct) => source.ReadTrailerAsync(c, DestructiveOverride.Trailer, ct), head.Commit, cancellationToken)
            : null;
        return new ApplyGuard(failed, destructive, reason) { HeadIndex = headIndex };
    }

    /// <summary>The title and the lines a check, the status and the log give this guard.</summary>
    public (string Title, IReadOnlyList<string> Reasons) Describe()
    {
        var reasons = FailedTests.Select(t => $"routing test {t.File}:{t.Line} {t.Name} fails: {t.Detail}")
            .Concat(Destructive.Reasons.Select(r => "destructive: " + r))
            .ToList();
        var title = (FailedTests.Count, Destructive.IsDestructive) switch
        {
            ( > 0, true) => $"{FailedTests.Count} routing test{(FailedTests.Count == 1 ? "" : "s")} fail and the change is destructive",
            ( > 0, false) => $"{FailedTests.Count} routing test{(FailedTests.Count == 1 ? "" : "s")} fail",
            _ => "destructive change",
        };
        return (title, reasons);
    }
}
