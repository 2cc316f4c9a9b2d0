using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The plan the edge serves, when a pull request's diff is against it rather than against its base's own render:
/// the base is what is applied (a team refused there is served from older files, which the base's render lacks), or
/// the base's tip is held by the apply (paused, frozen, unreviewed, refused, or its canary halted), so merging applies
/// the held commits' changes too. Never for a base merely ahead for a moment while an ordinary apply runs: the apply
/// has not looked at it yet, and the base's render is what it is about to serve. The destructive-change guard of the
/// review counts against this plan and <see cref="Layout"/>, as <see cref="ApplyGuard"/> counts against the plan and
/// layout in force; the claim and setting changes the comment lists are against <see cref="Layout"/> and <see cref="Files"/> too.
/// </summary>
/// <param name="Plan">What the edge serves; null when nothing is applied yet.</param>
/// <param name="Commit">The commit of the revision served; null when nothing is applied.</param>
internal sealed record ServedPlan(RoutingPlan? Plan, string? Commit)
{
    /// <summary>The base's tip the apply holds, when that is why the diff is against what is served; else null.</summary>
    public string? HeldTip { get; init; }

    /// <summary>Why <see cref="HeldTip"/> is held (from the repository and the operator: escaped where shown).</summary>
    public string? HeldReason { get; init; }

    /// <summary>
    /// The files in force: the applied commit's, with the team folders the apply keeps from earlier commits
    /// (<see cref="ClaimHistory.FilesInForceAsync"/>); null when nothing is applied or its commit is gone. The
    /// repository's settings the comment compares the head's with (<see cref="ConfigChanges"/>) are these files'.
    /// </summary>
    public IReadOnlyList<SourceFile>? Files { get; init; }

    /// <summary>
    /// The teams and settings in force (<see cref="Files"/>' layout), which the claim changes and the destructive-change
    /// guard compare with, as the apply's guard does.
    /// </summary>
    public RepoLayoutInfo? Layout { get; init; }

    /// <summary>
    /// What a change merged into <paramref name="baseCommit"/> is diffed against: the plan served when the base is
    /// what is applied or is held; null (the base's own render) otherwise, and when what is served is not known.
    /// </summary>
    public static ServedPlan? Of(PlanInForce? inForce, string? baseCommit)
    {
        if (inForce is null || baseCommit is null || (inForce.Commit is not null && inForce.Serving is null))
        {
            return null;
        }

        var served = new ServedPlan(inForce.Serving?.Plan, inForce.Serving?.Commit);
        return inForce.Commit == baseCommit ? served
            : inForce.HeldCommit == baseCommit ? served with { HeldTip = baseCommit, HeldReason = inForce.HeldReason }
            : null;
    }

    /// <summary><see cref="Of"/> with the <see cref="Files"/> and <see cref="Layout"/> in force read, those of the commit applied last and its kept folders.</summary>
    public static async Task<ServedPlan?> ReadAsync(ICommitSource source, PlanInForce? inForce, string? baseCommit, CancellationToken cancellationToken)
    {
        var served = Of(inForce, baseCommit);
        if (served?.Commit is null)
        {
            return served;
        }

        var files = await ClaimHistory.FilesInForceAsync(source, new(inForce!.Commit ?? served.Commit, inForce.KeptTeams), cancellationToken);
        return served with { Files = files, Layout = files is null ? null : RepoLayout.Load(files) };
    }
}
