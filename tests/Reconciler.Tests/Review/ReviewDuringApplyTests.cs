using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// A review that runs beside the apply sees the base branch move before the apply has looked at its new tip: the
/// pull request is then diffed against that tip's render, which is what the apply is about to serve, and not against
/// what the edge still serves; once the tip is applied the comment reads the same, so a merge edits it at most once.
/// </summary>
public sealed class ReviewDuringApplyTests : IDisposable
{
    private readonly GitTestRepo _repo = GitTestRepo.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReviewAsync_BaseMovedWhileItsApplyRuns_DiffedAgainstTheTip_NoEditBeforeOrAfterTheApply()
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), _repo.Work);
        var mirror = new GitMirror(_repo.Bare, Path.Combine(_repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        var host = new RecordingCodeHost();
        var time = new OffsetTimeProvider(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        var publisher = new PlanPublisher(time);
        var apply = new ApplyService(mirror, host, PlanRenderer.Render, publisher, new ControlPlaneStateStore(Path.Combine(_repo.Root, "state")),
            new ApplyOptions("main", [], TimeSpan.FromSeconds(1)), time, NullLogger<ApplyService>.Instance);
        await apply.LoadAsync(Ct);
        var review = new ReviewService(mirror, host, PlanRenderer.Render, new PlanRouteResolver(), null, NullLogger<ReviewService>.Instance,
            inForce: () => PlanInForce.Of("main", apply.State, publisher.Current, null));
        var seed = _repo.Commit("seed");
        await mirror.FetchAsync(Ct);
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(seed, Ct));

        _repo.Checkout("feature", create: true);
        _repo.Write("teams/search/routes/search-e2e2.yaml", TeamIsolationTests.SearchRoute.Replace("search-e2e", "search-e2e2", StringComparison.Ordinal).Replace("/e2e-search", "/e2e-search-2", StringComparison.Ordinal));
        var pr = new OpenPullRequest(1, _repo.Commit("search adds /e2e-search-2"), "main");
        _repo.Checkout("main");
        await mirror.FetchAsync(Ct);
        Assert.True(await review.ReviewAsync(pr, force: false, Ct));
        var shown = Assert.Single(host.Comments).Body;

        // main moves; the apply has not looked at the new tip yet (the state still names the seed).
        _repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var merged = _repo.Commit("search adds /e2e-search");
        await mirror.FetchAsync(Ct);
        var during = await review.BuildAsync(pr, merged, PlanInForce.Of("main", apply.State, publisher.Current, null), Ct);
        await review.ReviewAsync(pr, force: false, Ct);
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(merged, Ct));
        await review.ReviewAsync(pr, force: false, Ct);

        Assert.Null(during.Against);
        Assert.Equal(1, during.Routes.Added);
        Assert.Single(host.Comments);
        Assert.Contains("routes: 1 added, 0 changed, 0 removed", shown, StringComparison.Ordinal);
        Assert.Equal((merged, merged, null), (review.Reviewed[1].Base, review.Reviewed[1].Applied, review.Reviewed[1].Held));
    }

    public void Dispose() => _repo.Dispose();
}
