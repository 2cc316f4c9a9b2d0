using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Drift end to end (issue 15; git daemon, control plane, GitHub emulator, two real proxy nodes): a node that
/// misses a plan shows as drift at once, the <c>gitgateway/drift</c> check on the applied head turns red and
/// <c>gitgateway status</c> exits 3; a node that could not load its revision (a port still taken) is re-sent it by
/// the control plane until it serves it, and the check turns green again.
/// </summary>
public sealed class DriftEndToEndTests
{
    private static readonly DriftOptions Quick = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeStoppedWhileAMergeApplies_DriftAtOnceCheckRedStatusExitsThree_StartedOnTheOldPlan_CatchesUpCheckGreen()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: new GitGateway.Reconciler.Apply.RolloutOptions(0, TimeSpan.Zero, 0.05, 20), drift: Quick);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        var dirB = Path.Combine(repo.Root, "node-b");
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", plan, backends, dirB, Ct);
        try
        {
            await cp.PushAsync("main", seed);
            await NodeFaultTests.AssertAppliedAsync(cp, seed);
            await DriftCheckAsync(cp, seed, "success");

            await nodeB.DisposeAsync();
            repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
            var change = repo.Commit("add /e2e");
            await cp.PushAsync("main", change);
            await Eventually.HoldsAsync(() => cp.Publisher.Current?.Commit == change, "the merge published");

            // Once node-a has the merge, node-b alone is named: drift is evaluated on every read of the status.
            await Eventually.HoldsAsync(() => nodeA.Readiness().PlanHash == cp.Publisher.Current!.PlanHash, "node-a serves the merge");
            // What the control plane knows of node-a is node-a's own report (every 2 s): wait for it to name the merge.
            var drifts = await DriftAsync(cp);
            for (var until = DateTime.UtcNow.AddSeconds(30); drifts.Count != 1 && DateTime.UtcNow < until; drifts = await DriftAsync(cp))
            {
                await Task.Delay(100, Ct);
            }

            var drift = Assert.Single(drifts);
            Assert.Equal("node-b", drift.GetProperty("node").GetString());
            Assert.True(drift.GetProperty("behind").GetBoolean());
            var red = await DriftCheckAsync(cp, change, "failure");
            Assert.Equal("drift: node-b differs from revision 2", red.Title);
            Assert.Contains("**node-b**: serves plan `", red.Summary, StringComparison.Ordinal);
            Assert.Contains("not revision 2", red.Summary, StringComparison.Ordinal);
            var (exit, table) = await StatusAsync(cp, repo);
            Assert.True(exit == CliOptions.Drifting, table);
            Assert.Matches(@"node-b\s+plan \w{12}\s+\w+\s+yes\s+\d+ s", table);

            nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", plan, backends, dirB, Ct);
            await DriftCheckAsync(cp, change, "success");
            Assert.Empty(await DriftAsync(cp));
            Assert.Equal("store/store-api-v2:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
            (exit, table) = await StatusAsync(cp, repo);
            Assert.True(exit == CliOptions.Ok, table);
            Assert.Contains("in sync", table, StringComparison.Ordinal);
        }
        finally
        {
            await nodeB.DisposeAsync();
        }
    }

    [Fact]
    public async Task NodeRefusesItsRevisionWhileAPortIsTaken_ReSentWithBackOff_ServesItOnceThePortIsFree_CheckGreen()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: new GitGateway.Reconciler.Apply.RolloutOptions(0, TimeSpan.Zero, 0.05, 20), drift: Quick);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        var portsA = new Dictionary<int, int>(ProxyTestNode.FreePorts(plan)) { [9080] = Ports.FreeTcp() };
        var portsB = new Dictionary<int, int>(ProxyTestNode.FreePorts(plan)) { [9080] = Ports.FreeTcp() };
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct, portMap: portsA);
        await using var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", plan, backends, Path.Combine(repo.Root, "node-b"), Ct, portMap: portsB);
        await cp.PushAsync("main", seed);
        await NodeFaultTests.AssertAppliedAsync(cp, seed);

        // Something else holds the port node-b would serve the new listener on.
        var squatter = new TcpListener(IPAddress.Loopback, portsB[9080]);
        squatter.Start();
        try
        {
            var gateway = Path.Combine(repo.Work, "platform", "gateways", "public.yaml");
            File.WriteAllText(gateway, File.ReadAllText(gateway).Replace("  listeners:\n", "  listeners:\n  - name: plain\n    port: 9080\n    protocol: HTTP\n", StringComparison.Ordinal));
            var vip = Path.Combine(repo.Work, "platform", "vips", "public-vip.yaml");
            File.WriteAllText(vip, File.ReadAllText(vip).Replace("ports: [80, 443, 5432, 8443]", "ports: [80, 443, 5432, 8443, 9080]", StringComparison.Ordinal));
            var change = repo.Commit("a plain HTTP listener on 9080");
            await cp.PushAsync("main", change);
            await DriftCheckAsync(cp, change, "failure");
            await Eventually.HoldsAsync(() => Repair(cp, "node-b") is { Attempts: >= 1 }, "node-b re-sent its revision");
            var refused = await NodeFaultTests.StatusNodeAsync(cp, "node-b");
            Assert.False(refused.GetProperty("accepted").GetBoolean(), refused.ToString());
            Assert.Equal(cp.Publisher.Current!.PlanHash, nodeB.Readiness().RejectedPlanHash);
        }
        finally
        {
            squatter.Stop();
        }

        await DriftCheckAsync(cp, cp.Publisher.Current!.Commit, "success");
        var repaired = Repair(cp, "node-b");
        Assert.True(repaired?.RepairedAt is not null, $"repair: {repaired}");
        Assert.Equal(cp.Publisher.Current!.PlanHash, nodeB.Readiness().PlanHash);
        Assert.Empty(await DriftAsync(cp));
    }

    internal static async Task<GitHub.EmulatedCheckRun> DriftCheckAsync(ControlPlaneFixture cp, string sha, string conclusion)
    {
        GitHub.EmulatedCheckRun? run = null;
        await Eventually.HoldsAsync(
            () => (run = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == DriftCheckText.Name && r.HeadSha == sha))?.Conclusion == conclusion,
            $"drift check {conclusion} on {sha}, last: {run?.Conclusion} {run?.Title}");
        return run!;
    }

    internal static async Task<List<JsonElement>> DriftAsync(ControlPlaneFixture cp)
    {
        using var doc = await cp.StatusAsync();
        return [.. doc.RootElement.GetProperty("drift").EnumerateArray().Select(d => d.Clone())];
    }

    private static RepairRecord? Repair(ControlPlaneFixture cp, string node) =>
        ((GitGateway.Reconciler.Hosting.RepositoryRegistry)cp.App.Services.GetService(typeof(GitGateway.Reconciler.Hosting.RepositoryRegistry))!).Default.Drift.Repairs.FirstOrDefault(r => r.Node == node);

    private static async Task<(int Exit, string Output)> StatusAsync(ControlPlaneFixture cp, GitTestRepo repo)
    {
        var token = Path.Combine(repo.Root, "status-token");
        await File.WriteAllTextAsync(token, ControlPlaneFixture.NodeToken, Ct);
        var (exit, output, error) = await Tests.Cli.Cli.RunAsync("status", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);
        return (exit, output + error);
    }
}
