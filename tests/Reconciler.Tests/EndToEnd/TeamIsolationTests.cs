using GitGateway.Fixtures;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// One team's broken file on the target branch refuses that team only: its last applied objects keep serving and
/// every other team's change is applied (the Flux CVE-2022-24878 class); the platform's broken file still refuses all.
/// </summary>
public sealed class TeamIsolationTests
{
    internal const string SearchRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: search-e2e
          namespace: search
        spec:
          parentRefs:
          - {name: public, namespace: gateway-system, sectionName: https}
          hostnames: ["search.example.com"]
          rules:
          - matches:
            - path: {type: PathPrefix, value: /e2e-search}
            backendRefs:
            - {name: search-api, port: 8080}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoTeamsMergeAtOnce_OneTeamsFileBroken_OtherTeamApplied_BrokenTeamKeepsItsLastGoodObjects()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct);
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed);
        await NodeFaultTests.AssertAppliedAsync(cp, seed);

        // store adds a route with a broken file; search adds a valid one, in the same push.
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute.Replace("rules:", "rules: [", StringComparison.Ordinal));
        repo.Write("teams/search/routes/search-e2e.yaml", SearchRoute);
        var both = repo.Commit("store and search change at once");
        await cp.PushAsync("main", both);
        var check = await NodeFaultTests.ApplyCheckAsync(cp, both);

        Assert.Equal("failure", check.Conclusion);
        Assert.StartsWith("team store refused (teams/store/routes/store-e2e.yaml:", check.Title, StringComparison.Ordinal);
        Assert.Contains("applied to 1/1 nodes", check.Title, StringComparison.Ordinal);
        Assert.Contains(check.Annotations, a => (string?)a["path"] == "teams/store/routes/store-e2e.yaml");
        Assert.Equal("search/search-api:8080", await node.BackendForAsync("search.example.com", "/e2e-search"));
        Assert.Equal("store/store-web:8080", await node.BackendForAsync("store.example.com", "/"));
        Assert.Equal("store/store-web:8080", await node.BackendForAsync("store.example.com", "/e2e"));
        var error = await StatusErrorAsync(cp);
        Assert.Contains("team(s) teams/store/ refused at commit " + both, error, StringComparison.Ordinal);
        Assert.Contains("first: teams/store/routes/store-e2e.yaml:", error, StringComparison.Ordinal);

        // Still broken on the next commit: the store folder still comes from the last commit it rendered on.
        repo.Write("teams/search/routes/search-e2e.yaml", SearchRoute.Replace("/e2e-search", "/e2e-search-2", StringComparison.Ordinal));
        var next = repo.Commit("search moves its route");
        await cp.PushAsync("main", next);
        var nextCheck = await NodeFaultTests.ApplyCheckAsync(cp, next);

        Assert.StartsWith("team store refused", nextCheck.Title, StringComparison.Ordinal);
        Assert.Equal("search/search-api:8080", await node.BackendForAsync("search.example.com", "/e2e-search-2"));
        Assert.Equal("store/store-web:8080", await node.BackendForAsync("store.example.com", "/"));

        // The store team fixes its file: everything is applied, the check is green again.
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var fixedSha = repo.Commit("store fixes its route");
        await cp.PushAsync("main", fixedSha);
        var fixedCheck = await NodeFaultTests.ApplyCheckAsync(cp, fixedSha);

        Assert.Equal("success", fixedCheck.Conclusion);
        Assert.Equal("store/store-api-v2:8080", await node.BackendForAsync("store.example.com", "/e2e"));

        // A broken platform file is nobody's team: the commit is refused as a whole.
        repo.Write("platform/gateways/broken.yaml", "kind: Gateway\nmetadata: {name: [\n");
        repo.Write("teams/search/routes/search-e2e.yaml", SearchRoute.Replace("/e2e-search", "/e2e-search-3", StringComparison.Ordinal));
        var platform = repo.Commit("a broken platform file");
        await cp.PushAsync("main", platform);
        var platformCheck = await NodeFaultTests.ApplyCheckAsync(cp, platform);

        Assert.StartsWith("not applied:", platformCheck.Title, StringComparison.Ordinal);
        Assert.Equal("status 404", await node.BackendForAsync("search.example.com", "/e2e-search-3"));
    }

    private static async Task<string> StatusErrorAsync(ControlPlaneFixture cp)
    {
        using var doc = await cp.StatusAsync();
        return doc.RootElement.GetProperty("error").GetString() ?? "(no error)";
    }
}
