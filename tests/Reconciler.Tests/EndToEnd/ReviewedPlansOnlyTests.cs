using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The apply-only-reviewed mode through the control plane: a direct push is not applied, a merge whose plan was
/// shown green on its pull request is, and a merge whose pull request's plan check was red is not, though the
/// control plane alone would have applied it (team isolation keeps the broken team and applies the rest).
/// </summary>
public sealed class ReviewedPlansOnlyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequireReviewedPlans_DirectPushHeld_GreenMergeApplied_RedMergeHeld()
    {
        using var repo = GitTestRepo.Create();
        var init = repo.Commit("init");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct, requireReviewedPlans: true);

        // A direct push: its plan was never shown on a pull request.
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var pushed = repo.Commit("seed pushed straight to main");
        await cp.PushAsync("main", pushed);
        var direct = await NodeFaultTests.ApplyCheckAsync(cp, pushed);
        Assert.Equal("failure", direct.Conclusion);
        Assert.Equal("not applied: its plan was never shown on a pull request", direct.Title);
        Assert.Null(cp.Publisher.Current);

        // The same files through a pull request whose plan check passes: applied once merged.
        repo.Revert(pushed);
        repo.Checkout("feature", create: true);
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var head = repo.Commit("seed through a pull request");
        cp.GitHub.OpenPullRequest(1, "feature", head, "main", GitTestRepo.Run(repo.Work, "rev-parse", "main"));
        await cp.PullRequestAsync("opened", 1, head);
        await Eventually.HoldsAsync(() => Check(cp, "gitgateway/plan", head)?.Conclusion == "success", "the plan check passes");
        repo.Checkout("main");
        var merged = repo.Merge("feature");
        await cp.PushAsync("main", merged);
        Assert.StartsWith("revision 1 published", (await NodeFaultTests.ApplyCheckAsync(cp, merged)).Title, StringComparison.Ordinal);
        Assert.Equal(merged, cp.Publisher.Current!.Commit);
        var applied = cp.Publisher.Current!.PlanHash;

        // A pull request whose plan check is red (a broken team file), merged anyway.
        repo.Checkout("feature2", create: true);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute.Replace("rules:", "rules: [", StringComparison.Ordinal));
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var red = repo.Commit("a broken store route and a good search route");
        cp.GitHub.OpenPullRequest(2, "feature2", red, "main", merged);
        await cp.PullRequestAsync("opened", 2, red);
        await Eventually.HoldsAsync(() => Check(cp, "gitgateway/plan", red)?.Conclusion == "failure", "the plan check fails");
        repo.Checkout("main");
        var redMerge = repo.Merge("feature2");
        await cp.PushAsync("main", redMerge);
        var held = await NodeFaultTests.ApplyCheckAsync(cp, redMerge);

        Assert.Equal("failure", held.Conclusion);
        Assert.StartsWith("not applied: pull request #2's plan check for this plan failed", held.Title, StringComparison.Ordinal);
        Assert.Equal(applied, cp.Publisher.Current!.PlanHash);
    }

    private static GitHub.EmulatedCheckRun? Check(ControlPlaneFixture cp, string name, string sha) =>
        cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == name && r.HeadSha == sha && r.Conclusion is not null);
}
