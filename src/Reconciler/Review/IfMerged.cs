using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What merging a head that renders with errors would apply: the control plane keeps a refused team's folder as it
/// was (<see cref="TeamIsolation"/>), so the review diffs against that rather than against the broken render.
/// </summary>
internal static class IfMerged
{
    /// <summary>
    /// <paramref name="context"/> with <see cref="ReviewContext.IfMerged"/> set when <paramref name="head"/> has errors
    /// only in team folders that render where the apply would take them from; unchanged otherwise.
    /// </summary>
    /// <param name="baseCommit">The pull request's base commit, where a refused team's folder is taken from without <paramref name="inForce"/>.</param>
    /// <param name="inForce">What the apply of the base branch serves, when known: a refused team's folder is then taken as the apply takes it,
    /// from the folders it keeps or else from the commit it last applied (nothing applied yet: the merge would be refused as a whole).</param>
    public static async Task<ReviewContext> AddAsync(
        ReviewContext context,
        Func<string, CancellationToken, Task<IReadOnlyList<SourceFile>>> read,
        Func<RenderInput, RenderResult> render,
        RenderInput headInput,
        RenderResult head,
        string? baseCommit,
        PlanInForce? inForce,
        CancellationToken cancellationToken)
    {
        // The plan the apply serves once merged (CommitPlan, which the apply calls too), with refused teams' folders
        // from the same place the apply takes them.
        var (kept, applied) = inForce is null ? (new Dictionary<string, string>(), baseCommit) : (inForce.KeptTeams, inForce.Commit);
        if (!head.HasErrors || baseCommit is null
            || await CommitPlan.RenderAsync(read, render, headInput, head, kept, applied, cancellationToken) is not { Refused.Count: > 0 } isolated)
        {
            return context;
        }

        var from = isolated.Refused.Select(t => t.KeptFrom).Distinct(StringComparer.Ordinal).ToList();
        return context with
        {
            IfMerged = isolated.Result,
            IfMergedFiles = isolated.Files,
            KeptTeams = [.. isolated.Refused.Select(t => t.Name)],
            KeptFrom = from is [{ } one] && one == baseCommit ? null : [.. from],
        };
    }

    /// <summary>
    /// The repository's routing tests run on what merging would apply: with teams kept, the kept result and its files
    /// (a kept team's tests come back with its routes); otherwise the head as rendered.
    /// </summary>
    public static IReadOnlyList<RoutingTestResult> Tests(ReviewContext context, IRouteResolver resolver, IReadOnlyList<SourceFile> headFiles, RenderResult head)
    {
        var (files, plan) = context is { IfMerged: { } merged, IfMergedFiles: { } mergedFiles } ? (mergedFiles, merged.Plan) : (headFiles, head.Plan);
        var (cases, errors) = RoutingTestLoader.Load(files);
        return [.. errors, .. new RoutingTestRunner(resolver).Run(plan, cases)];
    }
}
