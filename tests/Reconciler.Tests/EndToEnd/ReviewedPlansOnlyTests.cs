using GitGateway.Fixtures;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The apply-only-reviewed mode through the control plane: a direct push is not applied, a merge whose plan was
/// shown green on its pull request is, and so is a merge whose only errors are one team's files: its comment shows
/// what merging applies (that team's folder as on the base), and the apply finds that plan by the same hash.
/// </summary>
public sealed class ReviewedPlansOnlyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequireReviewedPlans_DirectPushHeld_GreenMergeApplied()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("init");
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
    }

    [Fact]
    public async Task RequireReviewedPlans_MergeWithOneTeamRefused_AppliesThePlanHashTheCommentShowed()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("init");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, requireReviewedPlans: true);
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout")).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        var seeded = await MergeReviewedAsync(cp, repo, 1, "seed", () => ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work), "success");
        Assert.Equal("success", (await NodeFaultTests.ApplyCheckAsync(cp, seeded)).Conclusion);

        // store breaks a route it already serves (so the head's own render loses it) while search adds one: merging
        // keeps store's folder as on main and applies search's route, and that is the plan the comment shows.
        var merged = await MergeReviewedAsync(cp, repo, 2, "store breaks store-web, search adds a route", () =>
        {
            var web = Path.Combine(repo.Work, "teams/store/routes/store-web.yaml");
            repo.Write("teams/store/routes/store-web.yaml", File.ReadAllText(web).Replace("rules:", "rules: [", StringComparison.Ordinal));
            repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        }, "failure");
        var comment = cp.GitHub.Comments[2][^1].Body;
        Assert.Contains("store would keep the files of", comment, StringComparison.Ordinal);
        var applied = await NodeFaultTests.ApplyCheckAsync(cp, merged);

        Assert.StartsWith("team store refused", applied.Title, StringComparison.Ordinal);
        Assert.Contains("applied to 1/1 nodes", applied.Title, StringComparison.Ordinal);
        var received = (await NodeFaultTests.StatusNodeAsync(cp, "node-a")).GetProperty("planHash").GetString()!;
        Assert.Equal(received, node.Readiness().PlanHash);
        Assert.Contains($"plan `{received[..19]}`", comment, StringComparison.Ordinal);
        Assert.Equal("search/search-api:8080", await node.BackendForAsync("search.example.com", "/e2e-search"));
        Assert.Equal("store/store-web:8080", await node.BackendForAsync("store.example.com", "/"));
    }

    /// <summary>Opens pull request <paramref name="number"/> with <paramref name="change"/>, waits for its plan check's <paramref name="conclusion"/>, merges it and pushes main.</summary>
    private static async Task<string> MergeReviewedAsync(ControlPlaneFixture cp, GitTestRepo repo, int number, string message, Action change, string conclusion)
    {
        var baseSha = GitTestRepo.Run(repo.Work, "rev-parse", "main");
        repo.Checkout($"feature{number}", create: true);
        change();
        var head = repo.Commit(message);
        cp.GitHub.OpenPullRequest(number, $"feature{number}", head, "main", baseSha);
        await cp.PullRequestAsync("opened", number, head);
        await Eventually.HoldsAsync(() => Check(cp, "gitgateway/plan", head)?.Conclusion == conclusion, $"the plan check of #{number} is {conclusion}");
        repo.Checkout("main");
        var merged = repo.Merge($"feature{number}");
        await cp.PushAsync("main", merged);
        return merged;
    }

    private static GitHub.EmulatedCheckRun? Check(ControlPlaneFixture cp, string name, string sha) =>
        cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == name && r.HeadSha == sha && r.Conclusion is not null);
}
