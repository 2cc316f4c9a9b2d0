using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The canary's routing-test replay with two real proxy nodes and no client traffic at all (so the error counters
/// cannot see anything): a change whose routing tests pass against the plan but whose new backend does not answer
/// is halted by the replay on the canary, which goes back to the last good plan while the other node never gets it;
/// a healthy change passes the replay and reaches both nodes.
/// </summary>
public sealed class CanaryReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoutingTestsReplayedOnTheCanary_NewBackendDoesNotAnswer_HaltedNamingTestAndNode_HealthyChangeRollsOut()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        repo.Write("teams/store/team.yaml", File.ReadAllText(Path.Combine(repo.Work, "teams/store/team.yaml")) + "  - {name: store-web-v2, ports: [8080]}\n");
        var seed = repo.Commit("seed from examples/repo-layout, with a service not deployed yet");
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        var portsA = ProxyTestNode.FreePorts(examplePlan);
        var rollout = new RolloutOptions(1, TimeSpan.FromSeconds(1), 0.05, 20)
        {
            Replay = new Dictionary<string, ReplayTarget>(StringComparer.Ordinal) { ["node-a"] = new ReplayTarget("127.0.0.1", portsA) },
        };
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: rollout);
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        var notDeployed = new Dictionary<string, string[]> { ["store/store-web-v2:8080"] = [$"127.0.0.1:{Ports.FreeTcp()}"] };
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct, extraBackends: notDeployed, portMap: portsA);
        await using var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", examplePlan, backends, Path.Combine(repo.Root, "node-b"), Ct, extraBackends: notDeployed);
        await cp.PushAsync("main", seed);
        await NodeFaultTests.AssertAppliedAsync(cp, seed);
        var seedHash = cp.Publisher.Current!.PlanHash;

        // The route and its test agree (the plan check is green); only a real request finds store-web-v2 not answering.
        Replace(repo, "teams/store/routes/store-web.yaml", "{name: store-web, port: 8080}", "{name: store-web-v2, port: 8080}");
        Replace(repo, "teams/store/tests/routing.yaml", "expect: {backend: store/store-web:8080}", "expect: {backend: store/store-web-v2:8080}");
        var broken = repo.Commit("send the storefront to store-web-v2");
        await cp.PushAsync("main", broken);
        var halted = await NodeFaultTests.ApplyCheckAsync(cp, broken);
        await Eventually.HoldsAsync(() => nodeA.Readiness().PlanHash == seedHash, "the canary is back on the last good plan");

        Assert.Equal("failure", halted.Conclusion);
        Assert.Equal("halted at canary node-a: routing test teams/store/tests/routing.yaml:8 'the storefront serves the home page': expected store/store-web-v2:8080, got status 503", halted.Title);
        Assert.Contains("`node-a` routing test teams/store/tests/routing.yaml:8", halted.Summary, StringComparison.Ordinal);
        Assert.Equal(seedHash, cp.Publisher.Current!.PlanHash);
        Assert.Equal(seedHash, nodeB.Readiness().PlanHash);
        Assert.Equal("store/store-web:8080", await nodeA.BackendForAsync("store.example.com", "/"));
        Assert.Equal("store/store-web:8080", await nodeB.BackendForAsync("store.example.com", "/"));

        // A pull request against the halted main says at which canary and why, as the state keeps it.
        var comment = await ServedDiffTests.ReviewAsync(cp, repo, 1, () => repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute));
        Assert.Equal(("node-a", broken), (cp.Runtime.Apply.State.Halted!.Node, cp.Runtime.Apply.State.Halted.Commit));
        Assert.Contains(
            $"`main`'s tip `{broken[..7]}` is not applied yet (its canary rollout was halted at node-a: routing test teams/store/tests/routing.yaml:8 'the storefront serves the home page': expected store/store-web-v2:8080, got status 503)",
            comment,
            StringComparison.Ordinal);
        repo.Checkout("main");

        // Every example routing test replays cleanly on a healthy canary: the next change reaches both nodes.
        repo.Revert(broken);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var good = repo.Commit("add /e2e");
        await cp.PushAsync("main", good);
        var applied = await NodeFaultTests.ApplyCheckAsync(cp, good);

        Assert.Equal("success", applied.Conclusion);
        Assert.Equal("store/store-api-v2:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal("store/store-api-v2:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
    }

    private static void Replace(GitTestRepo repo, string path, string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(repo.Work, path));
        Assert.Contains(from, text, StringComparison.Ordinal);
        repo.Write(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
