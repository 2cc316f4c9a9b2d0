using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>Renders revisions of a Git repository straight from its object store.</summary>
internal static class GitRender
{
    /// <summary>
    /// Reviews <paramref name="headRevision"/> against the merge base of <paramref name="baseRevision"/> and the head
    /// (what a pull request is reviewed against, so commits that reached the base branch later are not shown as
    /// reverted), the way a pull request is reviewed: the same <see cref="PlanReview"/>, routing tests included,
    /// resolved against what merging would apply (the head, or with refused teams' folders kept from the base). With unrelated histories the base revision itself is used.
    /// </summary>
    public static Task<PlanComparison> ReviewAsync(
        GitCli git, string repositoryPath, string baseRevision, string headRevision, string? controllerName, CancellationToken cancellationToken) =>
        ReviewAsync(git, repositoryPath, baseRevision, headRevision, controllerName, fromBase: true, cancellationToken);

    /// <summary>The same, with the head rendered from the base's render (<paramref name="fromBase"/>, as <c>plan</c> does) or both cold.</summary>
    internal static async Task<PlanComparison> ReviewAsync(
        GitCli git, string repositoryPath, string baseRevision, string headRevision, string? controllerName, bool fromBase, CancellationToken cancellationToken)
    {
        var repo = await GitRepository.OpenAsync(git, repositoryPath, cancellationToken).ConfigureAwait(false);
        var baseCommit = await repo.ResolveCommitAsync(baseRevision, cancellationToken).ConfigureAwait(false);
        var headCommit = await repo.ResolveCommitAsync(headRevision, cancellationToken).ConfigureAwait(false);
        var mergeBase = await repo.MergeBaseAsync(baseCommit, headCommit, cancellationToken).ConfigureAwait(false) ?? baseCommit;
        var reader = new GitTreeReader(repo);
        var beforeFiles = await reader.ReadAsync(mergeBase, cancellationToken).ConfigureAwait(false);
        var afterFiles = await reader.ReadAsync(headCommit, beforeFiles.Files, cancellationToken).ConfigureAwait(false);
        var renders = new HeadFromBase(controllerName, fromBase);
        var baseLayout = RepoLayout.Load(beforeFiles.Files);

        // The base's files are loaded before the walk, which takes their blobs' keys from that load (one parse of each).
        var loaded = renders.LoadBase(beforeFiles, baseLayout);
        var ages = new GitObjectAges(repo);
        var beforeAges = await ages.ForCommitAsync(mergeBase, beforeFiles.Files, loaded, cancellationToken).ConfigureAwait(false);
        var headAges = await ages.ForCommitAsync(headCommit, afterFiles.Files, loaded, cancellationToken).ConfigureAwait(false);
        var before = renders.RenderBase(beforeFiles, SourceOf(baseRevision, mergeBase), beforeAges);
        var renderHead = renders.HeadRender(headAges, beforeFiles.OverRepositoryCap ? null : baseLayout);
        var after = RenderRun.Render(afterFiles, SourceOf(headRevision, headCommit), renderHead);
        var overrideReason = await DestructiveOverride.FindAsync((c, ct) => repo.ReadTrailerAsync(c, DestructiveOverride.Trailer, ct), headCommit, cancellationToken).ConfigureAwait(false);
        var context = new ReviewContext(baseLayout, RepoLayout.Load(afterFiles.Files), overrideReason)
        {
            HeadNotRendered = afterFiles.OverRepositoryCap,
            BaseOverCap = BaseOverCap.Of(beforeFiles.Files, beforeFiles.OverRepositoryCap, before, baseRevision),
        };
        context = await IfMerged.AddAsync(
            context,
            async (c, ct) => (await reader.ReadAsync(c, ct).ConfigureAwait(false)).Files,
            renderHead,
            new RenderInput(afterFiles.Files, SourceOf(headRevision, headCommit)),
            after,
            mergeBase,
            null,
            cancellationToken).ConfigureAwait(false);
        var tests = IfMerged.Tests(context, new PlanRouteResolver(), afterFiles.Files, after);
        renders.Clear();
        var review = PlanReviewer.Review(before, after, tests, headCommit, mergeBase, baseRevision, blobBaseUrl: null, context);
        return new PlanComparison(before, after, review);
    }

    /// <summary>The revision as Flux writes it: <c>main@sha1:&lt;commit&gt;</c>.</summary>
    public static string SourceOf(string revision, string commit) => $"{revision}@sha1:{commit}";
}
