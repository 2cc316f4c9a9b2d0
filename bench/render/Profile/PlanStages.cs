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
        var afterFiles = clock.Time("git read head (base's blobs taken)", () => reader.ReadAsync(headCommit, beforeFiles.Files, CancellationToken.None).GetAwaiter().GetResult());
        AgeWalkParts(clock, repo, baseCommit);
        var cache = new ManifestCache();
        clock.Time("load base into the cache (parse, schema, readers)", () => PlanRenderer.LoadInto(cache, beforeFiles.Files, RepoLayout.Load(beforeFiles.Files)));
        var ages = new GitObjectAges(repo);
        var beforeAges = clock.Time("object ages base (keys from the load)", () => ages.ForCommitAsync(baseCommit, beforeFiles.Files, cache, CancellationToken.None).GetAwaiter().GetResult());
        var headAges = clock.Time("object ages head", () => ages.ForCommitAsync(headCommit, afterFiles.Files, cache, CancellationToken.None).GetAwaiter().GetResult());
        Console.WriteLine($"ages: {ages.KeysFromLoad} blobs' keys taken from the load");
        var reuse = new RenderReuse();
        var before = clock.Time("render base", () => RenderRun.Render(beforeFiles, "base", input => PlanRenderer.Render(input with { Ages = beforeAges, Cache = cache, Reuse = reuse })));
        var renderHead = ClaimHistory.After(input => PlanRenderer.Render(input with { Ages = headAges, Cache = cache, Reuse = reuse }), RepoLayout.Load(beforeFiles.Files));
        var after = clock.Time("render head (cache and bindings shared)", () => RenderRun.Render(afterFiles, "head", renderHead));
        Console.WriteLine($"cache: {cache.Loaded} files loaded, {cache.Reused} reused, {cache.Count} held; routes: {reuse.Reused} bindings reused, {reuse.Bound} bound");
        var claims = EstablishedClaims.Of(RepoLayout.Load(beforeFiles.Files));
        RenderSteps.Run(clock, new RenderInput(afterFiles.Files, "head") { Ages = headAges, Cache = cache, Reuse = reuse, EstablishedClaims = claims }, "  head again, cache and bindings shared: ");
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

    /// <summary>
    /// The review's parts again and again over one pair of renders (<paramref name="rounds"/> rounds, after the cold
    /// one): what each part costs once its code is compiled, apart from the JIT the stages above carry.
    /// </summary>
    public static async Task ReviewRoundsAsync(StageClock clock, GitRepository repo, string baseRevision, string headRevision, int rounds)
    {
        var baseCommit = await repo.ResolveCommitAsync(baseRevision, CancellationToken.None);
        var headCommit = await repo.ResolveCommitAsync(headRevision, CancellationToken.None);
        var reader = new GitTreeReader(repo);
        var beforeFiles = await reader.ReadAsync(baseCommit, CancellationToken.None);
        var afterFiles = await reader.ReadAsync(headCommit, beforeFiles.Files, CancellationToken.None);
        var renders = new HeadFromBase(controllerName: null);
        var baseLayout = RepoLayout.Load(beforeFiles.Files);
        renders.LoadBase(beforeFiles, baseLayout);
        var before = clock.Time("render base", () => renders.RenderBase(beforeFiles, "base", ages: null));
        var after = clock.Time("render head (from the base's)", () => RenderRun.Render(afterFiles, "head", renders.HeadRender(ages: null, baseLayout)));
        renders.Clear();
        var context = new ReviewContext(baseLayout, RepoLayout.Load(afterFiles.Files), null);
        clock.Heap("heap before the review");
        for (var round = 0; round <= rounds; round++)
        {
            Console.WriteLine(round == 0 ? "review parts, cold:" : $"review parts, round {round}:");
            ReviewParts(clock, before, after, context);
            var review = clock.Time("review (PlanReviewer.Review in all)", () => PlanReviewer.Review(before, after, [], headCommit, baseCommit, baseRevision, blobBaseUrl: null, context));
            clock.Time("markdown out", () => PlanCommentRenderer.Render(review).Length);
            clock.Time("JSON out", () => PlanReviewJson.ToJson(new PlanComparison(before, after, review)).Length);
        }
    }

    /// <summary>
    /// The parts of the base's object-age walk (<see cref="GitObjectAges"/>) one at a time, cold, as a walk from the root
    /// runs them; given the files of the tree (as <c>plan</c> gives them), the walk reads none of their blobs from Git,
    /// and their keys come from the render's load (not timed here: it would warm the load's parser).
    /// </summary>
    private static void AgeWalkParts(StageClock clock, GitRepository repo, string commit)
    {
        var log = clock.Time("  ages: git log --raw (whole history)", () => FirstParentLog.StreamAsync(repo, commit, null, CancellationToken.None).ToListAsync().AsTask().GetAwaiter().GetResult());
        var blobs = log.SelectMany(c => c.Changes).Where(c => c.NewBlob is not null && SourceFiles.HasManifestExtension(c.Path))
            .DistinctBy(c => c.NewBlob, StringComparer.Ordinal).ToList();
        Console.WriteLine($"  ages: {log.Count} commits, {log.Sum(c => c.Changes.Count)} changes, {blobs.Count} distinct manifest blobs");
        clock.Time("  ages: blob sizes (--batch-check; not for blobs given)", () => GitBlobSizes.ReadAsync(repo, [.. blobs.Select(b => b.NewBlob!)], CancellationToken.None).GetAwaiter().GetResult());
        var contents = new List<ReadOnlyMemory<byte>>();
        clock.Time("  ages: blob read (--batch; not for blobs given)", () =>
        {
            var reading = repo.ReadBlobsAsync([.. blobs.Select(b => b.NewBlob!)], CancellationToken.None).GetAsyncEnumerator();
            while (reading.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                contents.Add(reading.Current.Content);
            }
        });
    }

    /// <summary>The parts of <see cref="PlanReviewer.Review"/> one at a time, in its order.</summary>
    private static void ReviewParts(StageClock clock, RenderResult before, RenderResult after, ReviewContext context)
    {
        var old = clock.Time("  entry index, base", () => KeyedEntry.Index(before.Plan));
        var now = clock.Time("  entry index, head (the base's taken)", () => KeyedEntry.Index(after.Plan, old));
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
