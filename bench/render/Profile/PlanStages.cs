using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Render.Bench;

/// <summary>The stages of <c>gitgateway plan</c> one by one, as <see cref="GitRender.ReviewAsync"/> runs them (routing tests and the if-merged render left out).</summary>
internal static class PlanStages
{
    public static async Task RunAsync(StageClock clock, GitRepository repo, string baseRevision, string headRevision)
    {
        var baseCommit = await repo.ResolveCommitAsync(baseRevision, CancellationToken.None);
        var headCommit = await repo.ResolveCommitAsync(headRevision, CancellationToken.None);
        var reader = new GitTreeReader(repo);
        var beforeFiles = clock.Time("git read base", () => reader.ReadAsync(baseCommit, CancellationToken.None).GetAwaiter().GetResult());
        var afterFiles = clock.Time("git read head", () => reader.ReadAsync(headCommit, CancellationToken.None).GetAwaiter().GetResult());
        var cache = new ManifestCache();
        var before = clock.Time("render base", () => RenderRun.Render(beforeFiles, "base", null, cache: cache));
        var after = clock.Time("render head (cache shared)", () => RenderRun.Render(afterFiles, "head", null, cache: cache));
        Console.WriteLine($"cache: {cache.Loaded} files loaded, {cache.Reused} reused, {cache.Count} held");
        var context = clock.Time("layouts of both", () => new ReviewContext(RepoLayout.Load(beforeFiles.Files), RepoLayout.Load(afterFiles.Files), null));
        clock.Time("review (diff)", () => PlanReviewer.Review(before, after, [], headCommit, baseCommit, baseRevision, blobBaseUrl: null, context));
    }
}
