using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>GitHub's limits never hold an apply back, and no pushed commit is left without its check.</summary>
public sealed class GitHubLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommentWriteSecondaryLimited_MergeIsServedWhileTheCommentWaits()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        var clock = ControlPlaneFixture.WeekdayNoon();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, clock);
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == seed && r.Name == ApplyCheckText.Name), "the seed's apply check");

        // A pull request whose comment write meets a secondary rate limit of 60 s.
        cp.GitHub.InjectRetryAfter(60, GitHubEmulator.Matching("POST", "/issues/1/comments"));
        repo.Checkout("feature", create: true);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var head = repo.Commit("add /e2e");
        cp.GitHub.OpenPullRequest(1, "feature", head, "main", seed);
        await cp.PullRequestAsync("opened", 1, head);
        await Eventually.HoldsAsync(() => cp.GitHub.Requests.Contains("POST /repos/acme/routing/issues/1/comments"), "the limited comment write");

        // Merged meanwhile: the node serves it while the comment still waits out the limit.
        repo.Checkout("main");
        var merge = repo.Merge("feature");
        await cp.PushAsync("main", merge);
        var served = "";
        for (var i = 0; i < 300 && served != "store/store-api-v2:8080"; i++)
        {
            served = await node.BackendForAsync("store.example.com", "/e2e");
            await Task.Delay(100, Ct);
        }

        Assert.Equal("store/store-api-v2:8080", served);
        Assert.False(cp.GitHub.Comments.ContainsKey(1), "the comment waits for the limit to lift");

        // Once the limit has passed, the comment is written.
        ((OffsetTimeProvider)clock).Advance(TimeSpan.FromSeconds(62));
        await Eventually.HoldsAsync(() => cp.GitHub.Comments.ContainsKey(1), "the comment after the limit");
    }

    [Fact]
    public async Task PushOvertakenBeforeItsApply_GetsSupersededCheck()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        var first = repo.Commit("first");
        var second = repo.Commit("second");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);

        await cp.PushAsync("main", first);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == first), "a check on the overtaken commit");
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == second), "a check on the applied head");

        var overtaken = cp.GitHub.CheckRuns.ToArray().Single(r => r.HeadSha == first);
        Assert.Equal(ApplyCheckText.Name, overtaken.Name);
        Assert.Equal("neutral", overtaken.Conclusion);
        Assert.Equal($"superseded by {second[..12]}", overtaken.Title);
    }

    [Fact]
    public async Task PrimaryLimitDuringMerge_ApplyCheckArrivesOnceItLifts()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        var head = repo.Commit("seed\n\nGitGateway-Allow-Destructive: no routes yet"); // an empty plan is applied only on purpose
        var clock = ControlPlaneFixture.WeekdayNoon();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct, clock);
        cp.GitHub.InjectRateLimit(resetIn: TimeSpan.FromMinutes(20), when: GitHubEmulator.Matching("POST", "/check-runs"));

        await cp.PushAsync("main", head);
        await Eventually.HoldsAsync(() => cp.Publisher.Current?.Commit == head, "the merge applied");
        var outbox = ((GitGateway.Reconciler.Hosting.RepositoryRegistry)cp.App.Services.GetService(typeof(GitGateway.Reconciler.Hosting.RepositoryRegistry))!).Default.Outbox!;
        await Eventually.HoldsAsync(() => outbox.LastError is not null, "the check write held by the limit");
        Assert.Empty(cp.GitHub.CheckRuns);
        Assert.True(outbox.PausedUntil - clock.GetUtcNow() > TimeSpan.FromMinutes(19), $"held until {outbox.PausedUntil:O}");

        ((OffsetTimeProvider)clock).Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(2));

        for (var i = 0; i < 300 && !cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == head && r.Name == ApplyCheckText.Name); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(
            cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == head && r.Name == ApplyCheckText.Name),
            $"no apply check after the limit: pending {outbox.Pending}, held until {outbox.PausedUntil:O} (now {clock.GetUtcNow():O}), last error {outbox.LastError}, requests {string.Join(", ", cp.GitHub.Requests)}");
    }
}
