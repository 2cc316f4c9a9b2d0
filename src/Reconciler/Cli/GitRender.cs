using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>Renders revisions of a Git repository straight from its object store.</summary>
internal static class GitRender
{
    /// <summary>
    /// Renders the merge base of <paramref name="baseRevision"/> and <paramref name="headRevision"/> (what a pull
    /// request is reviewed against, so commits that reached the base branch later are not shown as reverted) and
    /// the head. With unrelated histories the base revision itself is used.
    /// </summary>
    public static async Task<PlanComparison> CompareAsync(
        GitCli git, string repositoryPath, string baseRevision, string headRevision, string? controllerName, CancellationToken cancellationToken)
    {
        var repo = await GitRepository.OpenAsync(git, repositoryPath, cancellationToken).ConfigureAwait(false);
        var baseCommit = await repo.ResolveCommitAsync(baseRevision, cancellationToken).ConfigureAwait(false);
        var headCommit = await repo.ResolveCommitAsync(headRevision, cancellationToken).ConfigureAwait(false);
        var mergeBase = await repo.MergeBaseAsync(baseCommit, headCommit, cancellationToken).ConfigureAwait(false) ?? baseCommit;
        var before = await RenderCommitAsync(repo, baseRevision, mergeBase, controllerName, cancellationToken).ConfigureAwait(false);
        var after = await RenderCommitAsync(repo, headRevision, headCommit, controllerName, cancellationToken).ConfigureAwait(false);
        return PlanComparison.Of(before, after);
    }

    public static async Task<RenderResult> RenderCommitAsync(
        GitRepository repo, string revision, string commit, string? controllerName, CancellationToken cancellationToken)
    {
        var read = await new GitTreeReader(repo).ReadAsync(commit, cancellationToken).ConfigureAwait(false);
        return RenderRun.Render(read, SourceOf(revision, commit), controllerName);
    }

    /// <summary>The revision as Flux writes it: <c>main@sha1:&lt;commit&gt;</c>.</summary>
    public static string SourceOf(string revision, string commit) => $"{revision}@sha1:{commit}";
}
