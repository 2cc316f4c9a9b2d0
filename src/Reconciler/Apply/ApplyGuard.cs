using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// What stands between a head that renders cleanly and the nodes: its routing tests must pass and it must not be a
/// destructive change against the plan in force, unless the head commit carries the
/// <see cref="DestructiveOverride"/> trailer (then it is applied, and said so loudly). The applied commit's layout
/// comes from <c>appliedFiles</c> when the caller still holds that commit's files, else from git; its route entries
/// from <c>appliedIndex</c> when that was built from the revision in force (<see cref="AppliedIndex"/>), else from its plan.
/// </summary>
internal sealed record ApplyGuard(IReadOnlyList<RoutingTestResult> FailedTests, DestructiveChange Destructive, string? Override)
{
    public bool Triggered => FailedTests.Count > 0 || Destructive.IsDestructive;

    public bool Blocks => Triggered && Override is null;

    /// <summary>The head's route entries, built for this check: the next commit's guard compares against them once this head is applied.</summary>
    public AppliedIndex? HeadIndex { get; init; }

    public static async Task<ApplyGuard> EvaluateAsync(
        ICommitSource source, IRouteResolver resolver, CommitFiles head, RenderResult result, PlanRevision? applied, CancellationToken cancellationToken, CommitFiles? appliedFiles = null, AppliedIndex? appliedIndex = null)
    {
        var (cases, errors) = RoutingTestLoader.Load(head.Files);
        var failed = errors.Concat(new RoutingTestRunner(resolver).Run(result.Plan, cases)).Where(t => !t.Passed).ToList();
        var appliedLayout = applied is null
            ? null
            : appliedFiles is not null && appliedFiles.Commit == applied.Commit
                ? RepoLayout.Load(appliedFiles.Files)
                : await LayoutOfAsync(source, applied.Commit, cancellationToken);
        var headIndex = new AppliedIndex(head.Commit, result.Plan, KeyedEntry.Index(result.Plan));
        var destructive = DestructiveChange.Of(applied?.Plan, result.Plan, AppliedIndex.Of(appliedIndex, applied), headIndex.Entries, appliedLayout, RepoLayout.Load(head.Files));

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

    // The teams in force come from the applied commit; if it is gone (a rewritten history), the plan comparison alone decides.
    internal static async Task<RepoLayoutInfo?> LayoutOfAsync(ICommitSource source, string commit, CancellationToken cancellationToken)
    {
        try
        {
            return RepoLayout.Load((await source.ReadAsync(commit, cancellationToken)).Files);
        }
        catch (GitException)
        {
            return null;
        }
    }
}
