using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Faults on the nodes' side, end to end (git daemon, control plane, GitHub emulator, two proxy nodes): a revision
/// a node cannot load is NACKed with its reason, which the status and the apply check carry, while the node keeps
/// serving its last good plan and takes the next good revision, also after a restart; reports are ordered.
/// </summary>
public sealed class NodeFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CertificateThatDoesNotParse_TwoNodes_NackInStatusAndCheck_LastGoodServed_NextRevisionTakenAlsoAfterRestart()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        // No canary stage here: both nodes are given the revision they cannot load (StagedRolloutTests has the canary).
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: new RolloutOptions(0, TimeSpan.Zero, 0.05, 20));
        var examplePlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([examplePlan], Ct);
        var dirA = Path.Combine(repo.Root, "node-a");
        var dirB = Path.Combine(repo.Root, "node-b");
        await using var nodeA = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", examplePlan, backends, dirA, Ct);
        var nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", examplePlan, backends, dirB, Ct);
        try
        {
            await cp.PushAsync("main", seed);
            await AssertAppliedAsync(cp, seed);
            var seedHash = cp.Publisher.Current!.PlanHash;

            // The platform rotates to a certificate both nodes have on disk but cannot parse.
            foreach (var dir in new[] { dirA, dirB })
            {
                WriteGarbageSecret(Path.Combine(dir, "certs"), "gateway-system", "wildcard-example-com-v2");
            }

            repo.Write("platform/team.yaml", File.ReadAllText(Path.Combine(repo.Work, "platform/team.yaml")).Replace(
                "  - {namespace: gateway-system, name: wildcard-example-com}", "  - {namespace: gateway-system, name: wildcard-example-com}\n  - {namespace: gateway-system, name: wildcard-example-com-v2}", StringComparison.Ordinal));
            repo.Write("platform/gateways/public.yaml", File.ReadAllText(Path.Combine(repo.Work, "platform/gateways/public.yaml")).Replace(
                "name: wildcard-example-com\n", "name: wildcard-example-com-v2\n", StringComparison.Ordinal));
            var rotate = repo.Commit("rotate the wildcard certificate");
            await cp.PushAsync("main", rotate);
            var refused = await ApplyCheckAsync(cp, rotate);
            var badHash = cp.Publisher.Current!.PlanHash;

            Assert.Equal("failure", refused.Conclusion);
            Assert.Contains("node-a refused: ", refused.Title, StringComparison.Ordinal);
            Assert.Contains("node-b refused: ", refused.Title, StringComparison.Ordinal);
            Assert.Contains("Cryptographic", refused.Title, StringComparison.Ordinal);
            var status = await StatusNodeAsync(cp, "node-a");
            Assert.Equal(badHash, status.GetProperty("planHash").GetString());
            Assert.False(status.GetProperty("accepted").GetBoolean());
            Assert.Contains("Cryptographic", status.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(seedHash, status.GetProperty("serving").GetString());
            Assert.Equal("store/store-web:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
            Assert.Equal(seedHash, nodeA.Readiness().PlanHash);
            Assert.True(nodeA.Readiness().Ready);
            Assert.Equal(badHash, nodeA.Readiness().RejectedPlanHash);

            // node-b restarts: it serves its last good plan at once and refuses the bad one again (never kept as good).
            await nodeB.DisposeAsync();
            nodeB = await ProxyTestNode.StartAsync(cp.BaseUri, "node-b", examplePlan, backends, dirB, Ct);
            Assert.Equal(seedHash, nodeB.Readiness().PlanHash);
            Assert.Equal("store/store-web:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
            await Eventually.HoldsAsync(() => nodeB.Readiness().RejectedPlanHash == badHash, "node-b refuses the bad plan again after its restart");

            // The next good revision (the rotation reverted, a route added) is taken by both.
            repo.Revert(rotate);
            repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
            var good = repo.Commit("add /e2e");
            await cp.PushAsync("main", good);
            var applied = await ApplyCheckAsync(cp, good);
            Assert.Equal("success", applied.Conclusion);
            Assert.StartsWith("applied to 2/2 nodes", applied.Title, StringComparison.Ordinal);
            Assert.Equal("store/store-api-v2:8080", await nodeA.BackendForAsync("store.example.com", "/e2e"));
            Assert.Equal("store/store-api-v2:8080", await nodeB.BackendForAsync("store.example.com", "/e2e"));
            Assert.Null(nodeB.Readiness().RejectedPlanHash);
        }
        finally
        {
            await nodeB.DisposeAsync();
        }
    }

    [Fact]
    public async Task Report_LateAckForAnOlderRevision_NeverOverwritesTheNodesNewerStatus()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        await cp.PushAsync("main", seed);
        await ApplyCheckAsync(cp, seed);
        var first = cp.Publisher.Current!.PlanHash;
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var second = repo.Commit("add /e2e");
        await cp.PushAsync("main", second);
        await ApplyCheckAsync(cp, second);
        var newer = cp.Publisher.Current!.PlanHash;

        await ReportAsync(cp, "node-a", newer);
        await ReportAsync(cp, "node-a", first); // sent before the newer one, delivered after it

        var status = await StatusNodeAsync(cp, "node-a");
        Assert.NotEqual(first, newer);
        Assert.Equal(newer, status.GetProperty("planHash").GetString());
    }

    internal static void WriteGarbageSecret(string certs, string ns, string name)
    {
        var folder = Path.Combine(certs, ns, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tls.crt"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(folder, "tls.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    }

    internal static async Task<JsonElement> StatusNodeAsync(ControlPlaneFixture cp, string node)
    {
        using var doc = await cp.StatusAsync();
        return doc.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node).Clone();
    }

    private static async Task ReportAsync(ControlPlaneFixture cp, string node, string hash)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cp.BaseUri, $"v1/nodes/{node}/report"))
        {
            Content = JsonContent.Create(new { planHash = hash, accepted = true, ready = true }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
    }

    internal static async Task<GitHub.EmulatedCheckRun> ApplyCheckAsync(ControlPlaneFixture cp, string sha)
    {
        GitHub.EmulatedCheckRun? run = null;

        // Fetch, render, the nodes' ACKs (a canary bake too) and the GitHub write: on a loaded machine more than 30 s.
        await Eventually.HoldsAsync(
            () => (run = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == ApplyCheckText.Name && r.HeadSha == sha && r.Conclusion is not null)) is not null,
            $"apply check on {sha}",
            90_000);
        return run!;
    }

    /// <summary>Waits for the apply check on <paramref name="sha"/> and asserts it succeeded, naming its title when not.</summary>
    internal static async Task AssertAppliedAsync(ControlPlaneFixture cp, string sha)
    {
        var run = await ApplyCheckAsync(cp, sha);
        Assert.True(run.Conclusion == "success", $"apply check on {sha}: {run.Conclusion}: {run.Title}\n{run.Summary}");
    }
}
