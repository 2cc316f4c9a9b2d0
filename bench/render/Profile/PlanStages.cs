using GitGateway.Plan.Diff;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>The stages of <c>gitgateway plan</c> one by one, as <see cref="GitRender.ReviewAsync"/> runs them (the if-merged render, which a head without errors skips, left out).</summary>
internal static class PlanStages
{
    public static async Task RunAsync(StageClock clock, GitRepository repo, string baseRevision, string headRevision)
    {
        var baseCommit = await repo.ResolveCommitAsync(baseRevision, CancellationToken.None);
        var headCommit = await repo.ResolveCommitAsync(headRevision, CancellationToken.None);
        var reader = new GitTreeReader(repo);
        var beforeFiles = clock.Time("git read base", () => reader.ReadAsync(baseCommit, CancellationToken.None).GetAwaiter().GetResult());
        var afterFiles = clock.Time("git read head", () => reader.ReadAsync(headCommit, CancellationToken.None).GetAwaiter().GetResult());
        var ages = new GitObjectAges(repo);
        var beforeAges = clock.Time("object ages base (history walk)", () => ages.ForCommitAsync(baseCommit, CancellationToken.None).GetAwaiter().GetResult());
        var headAges = clock.Time("object ages head", () => ages.ForCommitAsync(headCommit, CancellationToken.None).GetAwaiter().GetResult());
        var cache = new ManifestCache();
        var before = clock.Time("render base", () => RenderRun.Render(beforeFiles, "base", null, beforeAges, cache));
        var renderHead = ClaimHistory.After(input => PlanRenderer.Render(input with { Ages = headAges, Cache = cache }), RepoLayout.Load(beforeFiles.Files));
        var after = clock.Time("render head (cache shared)", () => RenderRun.Render(afterFiles, "head", renderHead));
        Console.WriteLine($"cache: {cache.Loaded} files loaded, {cache.Reused} reused, {cache.Count} held");
        cache.Clear();
        var context = clock.Time("layouts of both", () => new ReviewContext(RepoLayout.Load(beforeFiles.Files), RepoLayout.Load(afterFiles.Files), null));
        clock.Time("routing tests", () => IfMerged.Tests(context, new PlanRouteResolver(), afterFiles.Files, after).Count);
        clock.Heap("heap before the review");
        ReviewParts(clock, before, after, context);
        clock.Heap("heap after the parts");
        var review = clock.Time("review (PlanReviewer.Review in all)", () => PlanReviewer.Review(before, after, [], headCommit, baseCommit, baseRevision, blobBaseUrl: null, context));
        clock.Time("markdown out", () => PlanCommentRenderer.Render(review).Length);
        clock.Time("JSON out", () => PlanReviewJson.ToJson(new PlanComparison(before, after, review)).Length);
    }

    /// <summary>The parts of <see cref="PlanReviewer.Review"/> one at a time, in its order.</summary>
    private static void ReviewParts(StageClock clock, RenderResult before, RenderResult after, ReviewContext context)
    {
        var old = clock.Time("  entry index, base", () => KeyedEntry.Index(before.Plan));
        var now = clock.Time("  entry index, head", () => KeyedEntry.Index(after.Plan));
        var traffic = clock.Time("  traffic lines", () => TrafficChanges.Describe(old, now));
        clock.Time("  plan hash, one (first serialisation)", () => PlanJson.Hash(after.Plan));
        var diff = clock.Time("  plan diff (with the head's hash)", () => PlanDiff.Compute(before.Plan, after.Plan));
        clock.Time("  plan hash, again", () => PlanJson.Hash(after.Plan));
        var changes = diff.Changes.Where(c => !PlanReviewer.IsSourceOnly(c) && c.Path.Count > 0).ToList();
        clock.Time("  route counts", () => RouteCounts.Of(old, now));
        clock.Time("  blast radius", () => BlastRadius.Of(traffic, changes, before.Plan, after.Plan));
        clock.Time("  claim changes", () => ClaimChanges.Of(context.BaseLayout, context.HeadLayout));
        clock.Time("  destructive change", () => DestructiveChange.Of(before.Plan, after.Plan, old, now, context.BaseLayout, context.HeadLayout));
        clock.Time("  diagnostics, status problems", () => after.Diagnostics.OrderBy(d => d.Severity).ToList().Count + StatusProblems.Of(after.Status).Count);
    }
}
