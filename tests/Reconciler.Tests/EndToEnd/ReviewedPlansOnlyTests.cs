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
        await using var edge = await EdgeAsync(cp, repo);
        var (_, merged) = await SeedThenBreakStoreAsync(cp, repo);
        var comment = cp.GitHub.Comments[2][^1].Body;
        Assert.Contains("store would keep the files of", comment, StringComparison.Ordinal);
        var applied = await AppliedAsShownAsync(cp, edge, merged, comment);

        Assert.StartsWith("team store refused", applied, StringComparison.Ordinal);
        Assert.Equal("search/search-api:8080", await edge.Node.BackendForAsync("search.example.com", "/e2e-search"));
        Assert.Equal("store/store-web:8080", await edge.Node.BackendForAsync("store.example.com", "/"));
    }

    [Fact]
    public async Task RequireReviewedPlans_BaseHasTeamRefused_CommentKeepsFolderAsApplied_SamePlanHashApplied()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("init");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, requireReviewedPlans: true);
        await using var edge = await EdgeAsync(cp, repo);
        var (seeded, broken) = await SeedThenBreakStoreAsync(cp, repo);
        Assert.Contains("applied to 1/1 nodes", (await NodeFaultTests.ApplyCheckAsync(cp, broken)).Title, StringComparison.Ordinal);

        // main now holds store's broken file, and the edge serves store's folder of the seed. Merging another change
        // over that base keeps store's folder from the seed (what the apply keeps), not from main, where it fails.
        var merged = await MergeReviewedAsync(cp, repo, 3, "search adds a second route", () => repo.Write(
            "teams/search/routes/search-e2e2.yaml",
            TeamIsolationTests.SearchRoute.Replace("search-e2e", "search-e2e2", StringComparison.Ordinal).Replace("/e2e-search", "/e2e-search-2", StringComparison.Ordinal)), "failure");
        var comment = cp.GitHub.Comments[3][^1].Body;
        Assert.Contains($"if merged, store would keep the files last applied ({seeded[..7]}) and the rest would be applied", comment, StringComparison.Ordinal);
        // Diffed against what the edge serves, store's routes kept from the seed are not new: only search's route is.
        Assert.Contains("routes: 1 added, 0 changed, 0 removed", comment, StringComparison.Ordinal);
        var applied = await AppliedAsShownAsync(cp, edge, merged, comment);

        Assert.StartsWith("team store refused", applied, StringComparison.Ordinal);
        Assert.Equal("search/search-api:8080", await edge.Node.BackendForAsync("search.example.com", "/e2e-search-2"));
        Assert.Equal("store/store-web:8080", await edge.Node.BackendForAsync("store.example.com", "/"));
    }

    [Fact]
    public async Task RequireReviewedPlans_NewRouteTiesWithAnOlderOne_CommentShowsThePlanAppliedAndTheOlderServes()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("init");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, requireReviewedPlans: true);
        await using var edge = await EdgeAsync(cp, repo);
        var seeded = await MergeReviewedAsync(cp, repo, 1, "seed, with search's zz-older for /tie", () =>
        {
            ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
            repo.Write("teams/search/routes/zz-older.yaml", TieRoute("zz-older", "search-api"));
        }, "success");
        Assert.Equal("success", (await NodeFaultTests.ApplyCheckAsync(cp, seeded)).Conclusion);

        // A newer route for the same match whose name sorts first: Gateway API gives the path to the older one, and
        // the review and the apply must both age the objects the same way to show and apply the same plan.
        var merged = await MergeReviewedAsync(cp, repo, 2, "search adds aa-newer for /tie", () => repo.Write("teams/search/routes/aa-newer.yaml", TieRoute("aa-newer", "search-suggest")), "success");
        var comment = cp.GitHub.Comments[2][^1].Body;
        await AppliedAsShownAsync(cp, edge, merged, comment);

        Assert.Equal("search/search-api:8080", await edge.Node.BackendForAsync("search.example.com", "/tie"));
    }

    [Fact]
    public async Task RequireReviewedPlans_BaseHeldWithAnotherHolder_CommentAndApplyKeepTheAppliedHolder()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("init");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, requireReviewedPlans: true);
        await using var edge = await EdgeAsync(cp, repo);
        var seeded = await MergeReviewedAsync(cp, repo, 1, "seed, store claims shop.example.com", () =>
        {
            ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
            ClaimShop(repo, "store", "store-web");
        }, "success", close: true);
        Assert.Equal("success", (await NodeFaultTests.ApplyCheckAsync(cp, seeded)).Conclusion);

        // Pushed straight to main, so held: on main store lets shop.example.com go and search claims it, while the
        // edge still serves store's claim. The base of the next pull request is not what is applied.
        repo.Write("teams/store/team.yaml", File.ReadAllText(Path.Combine(repo.Work, "teams/store/team.yaml")).Replace(ShopClaim, "", StringComparison.Ordinal));
        repo.Delete("teams/store/routes/shop.yaml");
        ClaimShop(repo, "search", "search-api");
        var pushed = repo.Commit("search takes shop.example.com, pushed straight to main");
        await cp.PushAsync("main", pushed);
        Assert.Equal("not applied: its plan was never shown on a pull request", (await NodeFaultTests.ApplyCheckAsync(cp, pushed)).Title);

        // store claims it again: search held it on the base, store on the applied commit. The apply keeps the holder it
        // serves (store) and refuses search's newer claim; the comment must show that plan, not the base's holder.
        var merged = await MergeReviewedAsync(cp, repo, 2, "store claims shop.example.com again", () => ClaimShop(repo, "store", "store-web"), "failure", close: true);
        var comment = cp.GitHub.Comments[2][^1].Body;
        Assert.Contains($"if merged, search would keep the files last applied ({seeded[..7]}) and the rest would be applied", comment, StringComparison.Ordinal);
        var applied = await AppliedAsShownAsync(cp, edge, merged, comment);

        Assert.StartsWith("team search refused", applied, StringComparison.Ordinal);
        Assert.Equal("store/store-web:8080", await edge.Node.BackendForAsync("shop.example.com", "/"));
        Assert.Equal("search/search-api:8080", await edge.Node.BackendForAsync("search.example.com", "/search"));
    }

    internal const string ShopClaim = "\"shop.example.com\", ";

    /// <summary><paramref name="team"/> claims shop.example.com in its team.yaml and routes all of it to <paramref name="service"/>.</summary>
    internal static void ClaimShop(GitTestRepo repo, string team, string service)
    {
        var teamFile = $"teams/{team}/team.yaml";
        repo.Write(teamFile, File.ReadAllText(Path.Combine(repo.Work, teamFile)).Replace("hostnames: [", "hostnames: [" + ShopClaim, StringComparison.Ordinal));
        repo.Write($"teams/{team}/routes/shop.yaml", TeamIsolationTests.SearchRoute
            .Replace("search-e2e", $"{team}-shop", StringComparison.Ordinal).Replace("namespace: search", $"namespace: {team}", StringComparison.Ordinal)
            .Replace("search.example.com", "shop.example.com", StringComparison.Ordinal).Replace("/e2e-search", "/", StringComparison.Ordinal)
            .Replace("search-api", service, StringComparison.Ordinal));
    }

    /// <summary>
    /// Waits for <paramref name="merged"/>'s apply check, asserts it reached node-a and that the plan the node holds
    /// is the one <paramref name="comment"/> showed; returns the check's title.
    /// </summary>
    private static async Task<string> AppliedAsShownAsync(ControlPlaneFixture cp, Edge edge, string merged, string comment)
    {
        var applied = await NodeFaultTests.ApplyCheckAsync(cp, merged);
        Assert.Contains("applied to 1/1 nodes", applied.Title, StringComparison.Ordinal);
        var received = (await NodeFaultTests.StatusNodeAsync(cp, "node-a")).GetProperty("planHash").GetString()!;
        Assert.Equal(received, edge.Node.Readiness().PlanHash);
        Assert.Contains($"plan `{received[..19]}`", comment, StringComparison.Ordinal);
        return applied.Title ?? "";
    }

    private static string TieRoute(string name, string service) => TeamIsolationTests.SearchRoute
        .Replace("search-e2e", name, StringComparison.Ordinal).Replace("/e2e-search", "/tie", StringComparison.Ordinal).Replace("search-api", service, StringComparison.Ordinal);

    /// <summary>
    /// Merges the example repository through pull request 1 (applied), then pull request 2, where store breaks a route
    /// it already serves (so the head's own render loses it) while search adds one: merging keeps store's folder as
    /// last applied and applies search's route. Returns both merge commits.
    /// </summary>
    private static async Task<(string Seeded, string Merged)> SeedThenBreakStoreAsync(ControlPlaneFixture cp, GitTestRepo repo)
    {
        var seeded = await MergeReviewedAsync(cp, repo, 1, "seed", () => ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work), "success");
        Assert.Equal("success", (await NodeFaultTests.ApplyCheckAsync(cp, seeded)).Conclusion);
        var merged = await MergeReviewedAsync(cp, repo, 2, "store breaks store-web, search adds a route", () =>
        {
            var web = Path.Combine(repo.Work, "teams/store/routes/store-web.yaml");
            repo.Write("teams/store/routes/store-web.yaml", File.ReadAllText(web).Replace("rules:", "rules: [", StringComparison.Ordinal));
            repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        }, "failure");
        return (seeded, merged);
    }

    /// <summary>One proxy node, node-a, with echo backends for the example repository's plan.</summary>
    private static async Task<Edge> EdgeAsync(ControlPlaneFixture cp, GitTestRepo repo)
    {
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout")).Files, "example")).Plan;
        var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        try
        {
            return new Edge(backends, await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct));
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens pull request <paramref name="number"/> with <paramref name="change"/>, waits for its plan check's
    /// <paramref name="conclusion"/>, merges it and pushes main; with <paramref name="close"/>, closes it first, as
    /// GitHub does on merge, so no later base of main plans it again (and records that plan as shown).
    /// </summary>
    private static async Task<string> MergeReviewedAsync(ControlPlaneFixture cp, GitTestRepo repo, int number, string message, Action change, string conclusion, bool close = false)
    {
        var baseSha = GitTestRepo.Run(repo.Work, "rev-parse", "main");
        repo.Checkout($"feature{number}", create: true);
        change();
        var head = repo.Commit(message);
        cp.GitHub.OpenPullRequest(number, $"feature{number}", head, "main", baseSha);
        await cp.PullRequestAsync("opened", number, head);
        await Eventually.HoldsAsync(() => Check(cp, "gitgateway/plan", head)?.Conclusion == conclusion, $"the plan check of #{number} is {conclusion}");
        if (close)
        {
            cp.GitHub.ClosePullRequest(number);
        }

        repo.Checkout("main");
        var merged = repo.Merge($"feature{number}");
        await cp.PushAsync("main", merged);
        return merged;
    }

    private static GitHub.EmulatedCheckRun? Check(ControlPlaneFixture cp, string name, string sha) =>
        cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == name && r.HeadSha == sha && r.Conclusion is not null);

    private sealed record Edge(LocalEchoBackends Backends, ProxyTestNode Node) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            await Backends.DisposeAsync();
        }
    }
}
