using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Layout;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The plan the edge serves, when a pull request's diff is against it rather than against its base's own render:
/// the base is what is applied (a team refused there is served from older files, which the base's render lacks), or
/// the base's tip is held by the apply (paused, frozen, unreviewed, refused, or its canary halted), so merging applies
/// the held commits' changes too. Never for a base merely ahead for a moment while an ordinary apply runs: the apply
/// has not looked at it yet, and the base's render is what it is about to serve. The destructive-change guard of the
/// review counts against this plan and <see cref="Layout"/>, as <see cref="ApplyGuard"/> counts against the plan in force.
/// </summary>
/// <param name="Plan">What the edge serves; null when nothing is applied yet.</param>
/// <param name="Commit">The commit of the revision served (whose layout the guard reads); null when nothing is applied.</param>
internal sealed record ServedPlan(RoutingPlan? Plan, string? Commit)
{
    /// <summary>The base's tip the apply holds, when that is why the diff is against what is served; else null.</summary>
    public string? HeldTip { get; init; }

    /// <summary>Why <see cref="HeldTip"/> is held (from the repository and the operator: escaped where shown).</summary>
    public string? HeldReason { get; init; }

    /// <summary>The teams and settings of <see cref="Commit"/>, which the destructive-change guard reads.</summary>
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

    /// <summary><see cref="Of"/> with the served commit's <see cref="Layout"/> read.</summary>
    public static async Task<ServedPlan?> ReadAsync(ICommitSource source, PlanInForce? inForce, string? baseCommit, CancellationToken cancellationToken) =>
        Of(inForce, baseCommit) is not { } served ? null
            : served.Commit is null ? served
            : served with { Layout = await ApplyGuard.LayoutOfAsync(source, served.Commit, cancellationToken) };
}
