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
/// Once the apply holds the tip instead, the comment is edited once more, with the held changes and why.
/// </summary>
public sealed class ReviewDuringApplyTests : IDisposable
{
    private readonly GitTestRepo _repo = GitTestRepo.Create();
    private readonly RecordingCodeHost _host = new();
    private readonly PauseSwitch _pause = new(null);
    private readonly PlanPublisher _publisher = new(new OffsetTimeProvider(Wednesday));
    private readonly GitMirror _mirror;
    private readonly ApplyService _apply;
    private readonly ReviewService _review;

    public ReviewDuringApplyTests()
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), _repo.Work);
        _mirror = new GitMirror(_repo.Bare, Path.Combine(_repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        _apply = new ApplyService(_mirror, _host, PlanRenderer.Render, _publisher, new ControlPlaneStateStore(Path.Combine(_repo.Root, "state")),
            new ApplyOptions("main", [], TimeSpan.FromSeconds(1)), new OffsetTimeProvider(Wednesday), NullLogger<ApplyService>.Instance, _pause);
        _review = new ReviewService(_mirror, _host, PlanRenderer.Render, new PlanRouteResolver(), null, NullLogger<ReviewService>.Instance,
            inForce: InForce);
    }

    // Not in the example repository's Friday-to-Monday freeze window.
    private static DateTimeOffset Wednesday => new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReviewAsync_BaseMovedWhileItsApplyRuns_DiffedAgainstTheTip_NoEditBeforeOrAfterTheApply()
    {
        var pr = await OpenAsync();
        var shown = Assert.Single(_host.Comments).Body;

        // main moves; the apply has not looked at the new tip yet (the state still names the seed).
        var merged = await MoveMainAsync();
        var during = await _review.BuildAsync(pr, merged, InForce(), Ct);
        await _review.ReviewAsync(pr, force: false, Ct);
        Assert.Equal(ApplyOutcome.Applied, await _apply.ReconcileAsync(merged, Ct));
        await _review.ReviewAsync(pr, force: false, Ct);

        Assert.Null(during.Against);
        Assert.Equal(1, during.Routes.Added);
        Assert.Single(_host.Comments);
        Assert.Contains("routes: 1 added, 0 changed, 0 removed", shown, StringComparison.Ordinal);
        Assert.Equal((merged, merged, null), (_review.Reviewed[1].Base, _review.Reviewed[1].Applied, _review.Reviewed[1].Held));
    }

    [Fact]
    public async Task ReviewAsync_ApplyHoldsTheTipAfterTheReview_EditedOnceWithTheHeldChangesAndWhy()
    {
        var pr = await OpenAsync();
        var moved = await MoveMainAsync();
        await _review.ReviewAsync(pr, force: false, Ct); // before the apply looked at the tip: diffed against it, nothing to edit

        await _pause.PauseAsync("incident 42", Wednesday, Ct);
        Assert.Equal(ApplyOutcome.Paused, await _apply.ReconcileAsync(moved, Ct));
        Assert.True(await _review.ReviewAsync(pr, force: false, Ct)); // same head, base and applied commit: only the hold changed

        Assert.Equal(2, _host.Comments.Count);
        var edited = _host.Comments.Last().Body;
        Assert.Contains($"Re-planned because the apply holds main's tip {moved}", edited, StringComparison.Ordinal);
        Assert.Contains($"`{moved[..7]}` is not applied yet (applies are paused: incident 42)", edited, StringComparison.Ordinal);
        Assert.Contains("routes: 2 added, 0 changed, 0 removed", edited, StringComparison.Ordinal);
        Assert.Equal(moved, _review.Reviewed[1].Held);
    }

    [Fact]
    public async Task ReviewAsync_SameTipHeldForANewReason_EditedOnceWithTheNewReason()
    {
        var pr = await OpenAsync();
        var moved = await MoveMainAsync();
        await _pause.PauseAsync("incident 42", Wednesday, Ct);
        Assert.Equal(ApplyOutcome.Paused, await _apply.ReconcileAsync(moved, Ct));
        Assert.True(await _review.ReviewAsync(pr, force: false, Ct));

        await _pause.PauseAsync("incident 43: the edge is being moved", Wednesday, Ct); // the same tip, held for another reason
        var edited = await _review.ReviewAsync(pr, force: false, Ct);
        var again = await _review.ReviewAsync(pr, force: false, Ct);

        Assert.True(edited);
        Assert.False(again);
        Assert.Equal(3, _host.Comments.Count);
        var body = _host.Comments.Last().Body;
        Assert.Contains($"Re-planned because the apply holds main's tip {moved} for another reason", body, StringComparison.Ordinal);
        Assert.Contains("(applies are paused: incident 43: the edge is being moved)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("incident 42", body, StringComparison.Ordinal);
        Assert.Equal((moved, "applies are paused: incident 43: the edge is being moved"), (_review.Reviewed[1].Held, _review.Reviewed[1].HeldReason));
    }

    public void Dispose() => _repo.Dispose();

    private PlanInForce InForce() => PlanInForce.Of("main", _apply.State, _publisher.Current, _pause.Record);

    /// <summary>Applies the example repository, then opens pull request 1, where search adds /e2e-search-2, and reviews it.</summary>
    private async Task<OpenPullRequest> OpenAsync()
    {
        await _apply.LoadAsync(Ct);
        var seed = _repo.Commit("seed");
        await _mirror.FetchAsync(Ct);
        Assert.Equal(ApplyOutcome.Applied, await _apply.ReconcileAsync(seed, Ct));
        _repo.Checkout("feature", create: true);
        _repo.Write("teams/search/routes/search-e2e2.yaml", TeamIsolationTests.SearchRoute.Replace("search-e2e", "search-e2e2", StringComparison.Ordinal).Replace("/e2e-search", "/e2e-search-2", StringComparison.Ordinal));
        var pr = new OpenPullRequest(1, _repo.Commit("search adds /e2e-search-2"), "main");
        _repo.Checkout("main");
        await _mirror.FetchAsync(Ct);
        Assert.True(await _review.ReviewAsync(pr, force: false, Ct));
        return pr;
    }

    /// <summary>Moves main: search adds /e2e-search.</summary>
    private async Task<string> MoveMainAsync()
    {
        _repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var moved = _repo.Commit("search adds /e2e-search");
        await _mirror.FetchAsync(Ct);
        return moved;
    }
}
