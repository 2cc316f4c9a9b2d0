using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The GitOps loop end to end: pull request → one comment and a plan check with annotations → merge → both
/// nodes take the new plan and the apply check says so → revert → the previous plan (same hash) is back.
/// </summary>
public sealed class GitOpsLoopTests
{
    internal const string NewRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: store-e2e
          namespace: store
        spec:
          parentRefs:
          - {name: public, namespace: gateway-system, sectionName: https}
          hostnames: ["store.example.com"]
          rules:
          - matches:
            - path: {type: PathPrefix, value: /e2e}
            backendRefs:
            - {name: store-api-v2, port: 8080}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PullRequestMergeRevert_AgainstGitDaemonAndEmulator_CommentsChecksAndConverges()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct);
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await using var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", examplePlan, backends, Path.Combine(repo.Root, "node-b"), Ct);

        // The first apply: both nodes serve the seed's plan.
        await cp.PushAsync("main", seed);
        var seedCheck = await ApplyCheckAsync(cp, seed);
        Assert.Equal("success", seedCheck.Conclusion);
        Assert.StartsWith("applied to 2/2 nodes in ", seedCheck.Title, StringComparison.Ordinal);
        var seedHash = cp.Publisher.Current!.PlanHash;
        Assert.Equal("store/store-web:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));

        // A pull request with a broken file: one comment, a failing check annotated at the file.
        repo.Checkout("feature", create: true);
        repo.Write("teams/store/routes/store-e2e.yaml", NewRoute.Replace("rules:", "rules: [", StringComparison.Ordinal));
        var broken = repo.Commit("add /e2e (broken)");
        cp.GitHub.OpenPullRequest(1, "feature", broken, "main", seed);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await cp.PullRequestAsync("opened", 1, broken)).StatusCode);
        var failing = await PlanCheckAsync(cp, broken);
        Assert.Equal("failure", failing.Conclusion);
        Assert.Contains(failing.Annotations, a => (string?)a["path"] == "teams/store/routes/store-e2e.yaml" && (string?)a["annotation_level"] == "failure");
        Assert.Single(cp.GitHub.Comments[1]);

        // Fixed on a second push: the same comment is edited, the check succeeds.
        repo.Write("teams/store/routes/store-e2e.yaml", NewRoute);
        var fixedSha = repo.Commit("fix /e2e");
        cp.GitHub.OpenPullRequest(1, "feature", fixedSha, "main", seed);
        await cp.PullRequestAsync("synchronize", 1, fixedSha);
        var passing = await PlanCheckAsync(cp, fixedSha);
        Assert.Equal("success", passing.Conclusion);
        var comment = Assert.Single(cp.GitHub.Comments[1]);
        Assert.True(comment.Edits >= 1);
        Assert.Contains("`store.example.com /e2e`: new → store-api-v2 100%", comment.Body, StringComparison.Ordinal);

        // Merge: both nodes route /e2e to store-api-v2 and the apply check reports both.
        repo.Checkout("main");
        var merge = repo.Merge("feature");
        await cp.PushAsync("main", merge);
        var applied = await ApplyCheckAsync(cp, merge);
        Assert.Equal("success", applied.Conclusion);
        Assert.StartsWith("applied to 2/2 nodes", applied.Title, StringComparison.Ordinal);
        Assert.Equal("store/store-api-v2:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal("store/store-api-v2:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
        Assert.NotEqual(seedHash, cp.Publisher.Current!.PlanHash);

        // Revert: the earlier plan, with the very same hash, is served again.
        var revert = repo.Revert(merge);
        await cp.PushAsync("main", revert);
        var reverted = await ApplyCheckAsync(cp, revert);
        Assert.Equal("success", reverted.Conclusion);
        Assert.StartsWith("applied to 2/2 nodes", reverted.Title, StringComparison.Ordinal);
        Assert.Equal(seedHash, cp.Publisher.Current!.PlanHash);
        Assert.Equal("store/store-web:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal("store/store-web:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
    }

    [Fact]
    public async Task Webhook_RedeliveredAfterItsRun_ReviewsAgain()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        var seed = repo.Commit("seed");
        repo.Checkout("feature", create: true);
        repo.Write("README.md", "feature\n");
        var head = repo.Commit("feature");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        cp.GitHub.OpenPullRequest(3, "feature", head, "main", seed);

        var first = await cp.PullRequestAsync("opened", 3, head, delivery: "delivery-pr-3");
        await PlanCheckAsync(cp, head);
        var sameHeadOtherDelivery = await cp.PullRequestAsync("edited", 3, head);
        string answer = "";
        for (var i = 0; i < 100 && !answer.Contains("redelivery", StringComparison.Ordinal); i++)
        {
            // While the first run is still finishing, the same id is a duplicate; once it ended, a redelivery.
            answer = await (await cp.PullRequestAsync("opened", 3, head, delivery: "delivery-pr-3")).Content.ReadAsStringAsync(Ct);
            await Task.Delay(50, Ct);
        }

        var badSignature = await cp.WebhookAsync("push", "{\"ref\":\"refs/heads/main\"}", "delivery-2", secret: "wrong");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sameHeadOtherDelivery.StatusCode);
        Assert.Contains("redelivery", answer, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Count(r => r.Name == "gitgateway/plan" && r.HeadSha == head) == 2, "a second plan check after the redelivery");
        Assert.Single(cp.GitHub.Comments[3]);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, badSignature.StatusCode);
    }

    private static async Task<GitHub.EmulatedCheckRun> PlanCheckAsync(ControlPlaneFixture cp, string sha) => await CheckAsync(cp, "gitgateway/plan", sha);

    private static async Task<GitHub.EmulatedCheckRun> ApplyCheckAsync(ControlPlaneFixture cp, string sha) => await CheckAsync(cp, ApplyCheckText.Name, sha);

    private static async Task<GitHub.EmulatedCheckRun> CheckAsync(ControlPlaneFixture cp, string name, string sha)
    {
        GitHub.EmulatedCheckRun? run = null;
        await Eventually.HoldsAsync(
            () => (run = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == name && r.HeadSha == sha)) is not null,
            $"check {name} on {sha}");
        return run!;
    }
}
