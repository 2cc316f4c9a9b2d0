using System.Net;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// One <c>serve</c> process with two repositories, each its own routing domain: its nodes, webhook secret, node
/// token, state; and a restart that resumes each from its own state without reviewing or applying again.
/// </summary>
public sealed class MultiRepositoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_TwoRepositories_AMergeChangesOnlyThatRepositorysNodes()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = ["alpha-1"], ["beta"] = ["beta-1"] }, Ct);
        var (alpha, beta) = (cp["alpha"], cp["beta"]);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(alpha.Repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "alpha-1", plan, backends, Path.Combine(alpha.Repo.Root, "node"), Ct, "alpha", alpha.NodeToken);
        await using var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "beta-1", plan, backends, Path.Combine(beta.Repo.Root, "node"), Ct, "beta", beta.NodeToken, events: true);

        // alpha is found by the payload's repository.full_name, beta by its path; each applies to its one node
        // (alpha's long-polls, beta's holds a server-sent event stream).
        var (seedA, seedB) = (alpha.Repo.Head(), beta.Repo.Head());
        Assert.Equal(HttpStatusCode.Accepted, (await cp.PushAsync(alpha, seedA)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await cp.WebhookAsync("webhooks/github/beta", "push", MultiRepoFixture.PushJson(beta.FullName, seedB), beta.WebhookSecret)).StatusCode);
        Assert.StartsWith("applied to 1/1 nodes in ", (await ApplyCheckAsync(alpha, seedA)).Title, StringComparison.Ordinal);
        Assert.StartsWith("applied to 1/1 nodes in ", (await ApplyCheckAsync(beta, seedB)).Title, StringComparison.Ordinal);
        var betaRevision = Revision(cp, "beta");

        // A merge to alpha: alpha's node routes /e2e to the new backend, beta's node and checks do not move.
        alpha.Repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var change = alpha.Repo.Commit("add /e2e");
        Assert.Equal(HttpStatusCode.Accepted, (await cp.PushAsync(alpha, change)).StatusCode);
        var applied = await ApplyCheckAsync(alpha, change);
        Assert.Equal("success", applied.Conclusion);
        Assert.StartsWith("applied to 1/1 nodes", applied.Title, StringComparison.Ordinal);
        Assert.Equal("store/store-api-v2:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal("store/store-web:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal(betaRevision, Revision(cp, "beta"));
        Assert.DoesNotContain(beta.GitHub.CheckRuns.ToArray(), r => r.HeadSha == change);
        Assert.Equal(2, cp.Registry.Find("alpha")!.Publisher.Current!.Number);
    }

    [Fact]
    public async Task Webhook_TwoRepositories_EachSecretOpensOnlyItsRepositoryAndUnknownOnesAre404()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [], ["beta"] = [] }, Ct);
        var (alpha, beta) = (cp["alpha"], cp["beta"]);
        var betaPush = MultiRepoFixture.PushJson(beta.FullName, beta.Repo.Head());

        var accepted = await cp.WebhookAsync("webhook", "push", betaPush, beta.WebhookSecret);
        var wrongSecret = await cp.WebhookAsync("webhook", "push", betaPush, alpha.WebhookSecret);
        var wrongSecretByPath = await cp.WebhookAsync("webhooks/github/beta", "push", betaPush, alpha.WebhookSecret);
        var unknownFullName = await cp.WebhookAsync("webhook", "push", MultiRepoFixture.PushJson("acme/unknown", alpha.Repo.Head()), alpha.WebhookSecret);
        var unknownPath = await cp.WebhookAsync("webhooks/github/gamma", "push", MultiRepoFixture.PushJson(alpha.FullName, alpha.Repo.Head()), alpha.WebhookSecret);
        var unknownPlan = await cp.SendAsync(HttpMethod.Get, "v1/repos/gamma/plan?node=n&wait=0", alpha.NodeToken);
        var otherToken = await cp.SendAsync(HttpMethod.Get, "v1/repos/beta/plan?node=n&wait=0", alpha.NodeToken);
        var refreshBeta = await cp.SendAsync(HttpMethod.Post, "v1/repos/beta/refresh", beta.NodeToken);
        using var status = JsonDocument.Parse(await (await cp.SendAsync(HttpMethod.Get, "v1/status", alpha.NodeToken)).Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecretByPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownFullName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPlan.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, refreshBeta.StatusCode);
        Assert.Equal(["alpha"], status.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        await ApplyCheckAsync(beta, beta.Repo.Head());
        Assert.Empty(alpha.GitHub.CheckRuns.ToArray());
        Assert.Equal(0, cp.Registry.Find("alpha")!.Worker.Completed);
    }

    [Fact]
    public async Task Serve_Restarted_ReviewsNoUnchangedHeadAgainAndEachRepositoryResumesFromItsState()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [], ["beta"] = [] }, Ct);
        var heads = new Dictionary<string, string>();
        foreach (var r in cp.Repositories)
        {
            var seed = r.Repo.Head();
            await cp.PushAsync(r, seed);
            await ApplyCheckAsync(r, seed);
            r.Repo.Checkout("feature", create: true);
            r.Repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
            heads[r.Name] = r.Repo.Commit("add /e2e");
            r.GitHub.OpenPullRequest(1, "feature", heads[r.Name], "main", seed);
            await cp.WebhookAsync("webhook", "pull_request", PullRequestJson(r.FullName, heads[r.Name]), r.WebhookSecret);
            await CheckAsync(r, "gitgateway/plan", heads[r.Name]);
        }

        foreach (var r in cp.Repositories)
        {
            var runtime = cp.Registry.Find(r.Name)!;
            await Eventually.HoldsAsync(() => runtime.Worker.Completed >= 2, $"{r.Name} has finished the push and the review");
            await Eventually.HoldsAsync(() => runtime.Outbox!.Pending == 0, $"{r.Name}'s GitHub writes have all been answered");
        }

        var writes = cp.Repositories.ToDictionary(r => r.Name, r => r.WriteRequests());
        var before = cp.Repositories.ToDictionary(r => r.Name, r => r.GitHub.Requests.Count);
        var revisions = cp.Repositories.ToDictionary(r => r.Name, r => Revision(cp, r.Name));
        await cp.RestartAsync(Ct);

        // The same heads again, by refresh (apply + review of every open pull request) and by a new delivery.
        foreach (var r in cp.Repositories)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await cp.SendAsync(HttpMethod.Post, $"v1/repos/{r.Name}/refresh", r.NodeToken)).StatusCode);
            await cp.WebhookAsync("webhook", "pull_request", PullRequestJson(r.FullName, heads[r.Name]), r.WebhookSecret);
        }

        foreach (var r in cp.Repositories)
        {
            var worker = cp.Registry.Find(r.Name)!.Worker;
            await Eventually.HoldsAsync(() => worker.Completed >= 2, $"{r.Name} handles the refresh and the webhook");
            Assert.True(writes[r.Name] == r.WriteRequests(), $"{r.Name}: {writes[r.Name]} writes before the restart, {r.WriteRequests()} after; since the restart: {string.Join(", ", r.GitHub.Requests.Skip(before[r.Name]))}");
            Assert.Equal(revisions[r.Name], Revision(cp, r.Name));
            Assert.True(File.Exists(Path.Combine(cp.Registry.Find(r.Name)!.Settings.StateDirectory, "state", "reviewed.json")));
        }

        // A new head on alpha's pull request is reviewed again: the same comment edited.
        var alpha = cp["alpha"];
        var next = alpha.Repo.Commit("touch /e2e");
        alpha.GitHub.OpenPullRequest(1, "feature", next, "main", revisions["alpha"].Commit);
        await cp.WebhookAsync("webhook", "pull_request", PullRequestJson(alpha.FullName, next), alpha.WebhookSecret);
        await CheckAsync(alpha, "gitgateway/plan", next);
        Assert.True(alpha.WriteRequests() > writes["alpha"]);
        Assert.True(Assert.Single(alpha.GitHub.Comments[1]).Edits >= 1);
        Assert.Equal(writes["beta"], cp["beta"].WriteRequests());
    }

    [Fact]
    public async Task Serve_OneRepositorysStateDamaged_ThatRepositoryStopsAndSaysWhyWhileTheOtherApplies()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [], ["beta"] = [] }, Ct);
        foreach (var r in cp.Repositories)
        {
            await cp.PushAsync(r, r.Repo.Head());
            await ApplyCheckAsync(r, r.Repo.Head());
        }

        var (alpha, beta) = (cp["alpha"], cp["beta"]);
        var betaState = Path.Combine(cp.Registry.Find("beta")!.Settings.StateDirectory, "state", "state.json");
        await File.WriteAllTextAsync(betaState, "{\"revision\": 1, \"planHash\": ", Ct);
        await cp.RestartAsync(Ct);

        // beta says why it stopped and refuses work; its file is left for an operator to inspect.
        using var status = JsonDocument.Parse(await (await cp.SendAsync(HttpMethod.Get, "v1/status", beta.NodeToken)).Content.ReadAsStringAsync(Ct));
        var betaStatus = status.RootElement.GetProperty("repositories").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "beta");
        Assert.Contains("state.json", betaStatus.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await cp.SendAsync(HttpMethod.Post, "v1/repos/beta/refresh", beta.NodeToken)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await cp.WebhookAsync("webhooks/github/beta", "push", MultiRepoFixture.PushJson(beta.FullName, beta.Repo.Head()), beta.WebhookSecret)).StatusCode);
        Assert.Equal("{\"revision\": 1, \"planHash\": ", await File.ReadAllTextAsync(betaState, Ct));

        // alpha goes on: a merge is applied and checked as usual.
        alpha.Repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var change = alpha.Repo.Commit("add /e2e");
        Assert.Equal(HttpStatusCode.Accepted, (await cp.PushAsync(alpha, change)).StatusCode);
        await ApplyCheckAsync(alpha, change);
        Assert.Equal((2, change), (Revision(cp, "alpha").Number, Revision(cp, "alpha").Commit));
        Assert.Null(cp.Registry.Find("alpha")!.Worker.Fault);
    }

    private static (long Number, string PlanHash, string Commit) Revision(MultiRepoFixture cp, string repository) =>
        cp.Registry.Find(repository)!.Publisher.Current is { } r ? (r.Number, r.PlanHash, r.Commit) : (0, "", "");

    private static string PullRequestJson(string fullName, string head) =>
        $$$"""{"action":"synchronize","number":1,"pull_request":{"number":1,"head":{"sha":"{{{head}}}","ref":"feature"},"base":{"ref":"main"}},"repository":{"full_name":"{{{fullName}}}"}}""";

    private static Task<GitHub.EmulatedCheckRun> ApplyCheckAsync(FixtureRepository r, string sha) => CheckAsync(r, ApplyCheckText.Name, sha);

    private static async Task<GitHub.EmulatedCheckRun> CheckAsync(FixtureRepository r, string name, string sha)
    {
        GitHub.EmulatedCheckRun? run = null;
        await Eventually.HoldsAsync(
            () => (run = r.GitHub.CheckRuns.ToArray().LastOrDefault(c => c.Name == name && c.HeadSha == sha && c.Conclusion is not null)) is not null,
            $"{r.Name}: check {name} on {sha}");
        return run!;
    }
}
