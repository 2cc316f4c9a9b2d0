using System.Collections.Concurrent;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Staged rollout end to end: a plan that breaks a route reaches only the canary, is halted by the canary's own
/// error counters and rolled back, and the other node never serves it; the kill switch holds applies until resumed.
/// </summary>
public sealed class StagedRolloutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanSendingRootToADeadBackend_ReachesOnlyTheCanary_HaltedRolledBack_ThenPauseHoldsAndResumeApplies()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        repo.Write("teams/store/team.yaml", File.ReadAllText(Path.Combine(repo.Work, "teams/store/team.yaml")) + "  - {name: store-dead, ports: [8080]}\n");
        var seed = repo.Commit("seed from examples/repo-layout, with a service nobody runs");
        var rollout = new RolloutOptions(1, TimeSpan.FromSeconds(8), 0.05, 5);
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: rollout);
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        var dead = new Dictionary<string, string[]> { ["store/store-dead:8080"] = [$"127.0.0.1:{Ports.FreeTcp()}"] };
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, Path.Combine(repo.Root, "node-a"), Ct, extraBackends: dead);
        await using var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", examplePlan, backends, Path.Combine(repo.Root, "node-b"), Ct, extraBackends: dead);
        await cp.PushAsync("main", seed);
        await NodeFaultTests.AssertAppliedAsync(cp, seed);
        var seedHash = cp.Publisher.Current!.PlanHash;

        // Traffic on both nodes for the rest of the test: what each answered for "/".
        var answers = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var traffic = Task.WhenAll(new[] { ("node-a", nodeA), ("node-b", nodeB) }.Select(n => Task.Run(async () =>
        {
            while (!stopTraffic.IsCancellationRequested)
            {
                answers.GetOrAdd(n.Item1, _ => []).Enqueue(await n.Item2.BackendForAsync("store.example.com", "/"));
                await Task.Delay(40, CancellationToken.None);
            }
        })));

        // The canary bakes only while traffic flows: on a loaded machine the first requests (TLS, JIT) take seconds,
        // and a bake that sees too few requests to judge passes, as it must for a quiet route.
        await Eventually.HoldsAsync(() => answers.TryGetValue("node-a", out var a) && a.Count >= 3 && answers.TryGetValue("node-b", out var b) && b.Count >= 3, "traffic through both nodes", 60_000);
        repo.Write("teams/store/routes/store-web.yaml", File.ReadAllText(Path.Combine(repo.Work, "teams/store/routes/store-web.yaml"))
            .Replace("    - {name: store-web, port: 8080}", "    - {name: store-dead, port: 8080}", StringComparison.Ordinal));
        // Its routing tests fail (store-dead is not store-web), so only the override lets it reach the canary stage.
        var broken = repo.Commit("send the storefront to store-dead\n\nGitGateway-Allow-Destructive: canary drill");
        await cp.PushAsync("main", broken);
        var halted = await NodeFaultTests.ApplyCheckAsync(cp, broken);
        Assert.True(halted.Conclusion == "failure", $"apply check on the broken commit: {halted.Conclusion}: {halted.Title}\n{halted.Summary}\nnode-a answered: {string.Join(", ", answers["node-a"].GroupBy(a => a).Select(g => $"{g.Count()} × {g.Key}"))}");
        await Eventually.HoldsAsync(() => nodeA.Readiness().PlanHash == seedHash, "the canary is back on the last good plan");
        await Eventually.HoldsAsync(() => answers["node-a"].TakeLast(3).All(a => a == "store/store-web:8080"), "the canary serves the storefront again", 10_000);

        Assert.StartsWith("halted at canary node-a: route httproute/store/store-web/rule/0/match/0 answered 5xx", halted.Title, StringComparison.Ordinal);
        Assert.Contains("could not connect", halted.Title, StringComparison.Ordinal);
        Assert.Contains("status 503", answers["node-a"]);
        Assert.All(answers["node-b"], a => Assert.Equal("store/store-web:8080", a));
        Assert.Equal(seedHash, cp.Publisher.Current!.PlanHash);
        Assert.Null(cp.Publisher.Canary);

        // The kill switch: paused, a good change waits with its check in progress; resumed, it is rolled out and that same check run completes.
        var token = Path.Combine(repo.Root, "node-token");
        await File.WriteAllTextAsync(token, ControlPlaneFixture.NodeToken, Ct);
        var (pauseExit, pauseOutput, pauseError) = await Cli.Cli.RunAsync("pause", "--control-plane", cp.BaseUri.ToString(), "--token-file", token, "--reason", "incident 42");
        repo.Revert(broken);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var good = repo.Commit("add /e2e");
        await cp.PushAsync("main", good);
        GitHub.EmulatedCheckRun? held = null;
        await Eventually.HoldsAsync(() => (held = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == ApplyCheckText.Name && r.HeadSha == good)) is { Status: "in_progress" }, "apply check held in progress", 90_000);
        var (heldStatus, heldTitle) = (held!.Status, held.Title);
        var heldBackend = await nodeB.BackendForAsync("store.example.com", "/e2e");
        var (resumeExit, _, _) = await Cli.Cli.RunAsync("resume", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == ApplyCheckText.Name && r.HeadSha == good && r.Conclusion == "success"), "applied after resume");
        await stopTraffic.CancelAsync();
        await traffic;

        Assert.True(pauseExit == 0, pauseError + pauseOutput);
        Assert.Contains("incident 42", pauseOutput, StringComparison.Ordinal);
        Assert.Equal(("in_progress", "planned, not applied: applies are paused"), (heldStatus, heldTitle));
        var run = Assert.Single(cp.GitHub.CheckRuns.ToArray(), r => r.Name == ApplyCheckText.Name && r.HeadSha == good);
        Assert.Equal((held.Id, "completed", "success"), (run.Id, run.Status, run.Conclusion));
        Assert.Equal("store/store-web:8080", heldBackend);
        Assert.Equal(0, resumeExit);
        Assert.Equal("store/store-api-v2:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal("store/store-api-v2:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
    }
}
