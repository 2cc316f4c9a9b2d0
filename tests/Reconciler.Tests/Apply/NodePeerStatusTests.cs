using System.Net.Http.Headers;
using System.Text.Json;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>A node's VIP announcer sessions travel with its plan report and show in the control plane's status.</summary>
public sealed class NodePeerStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_WithAnnouncerPeers_StatusShowsSessionStateAndPrefixCounts()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        repo.Commit("seed");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var announcing = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-1", ControlPlaneFixture.NodeToken), TimeProvider.System);
        var plain = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-2", ControlPlaneFixture.NodeToken), TimeProvider.System);

        await announcing.ReportAsync(
            new PlanApplyReport("edge-1", "sha256:h1", true, null, true)
            {
                Peers =
                [
                    new PeerReport("127.0.0.1:1790", 65001, "Established", 42.5, 2, 0, null),
                    new PeerReport("127.0.0.2:1790", 65002, "Active", 0, 0, 0, "connection refused"),
                ],
            },
            Ct);
        await plain.ReportAsync(new PlanApplyReport("edge-2", "sha256:h1", true, null, true), Ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cp.BaseUri, "v1/status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var nodes = status.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);

        var peers = nodes["edge-1"].GetProperty("peers").EnumerateArray().ToList();
        Assert.Equal(2, peers.Count);
        Assert.Equal("Established", peers[0].GetProperty("state").GetString());
        Assert.Equal(2, peers[0].GetProperty("prefixesAdvertised").GetInt32());
        Assert.Equal(0, peers[0].GetProperty("prefixesReceived").GetInt32());
        Assert.Equal("Active", peers[1].GetProperty("state").GetString());
        Assert.Equal("connection refused", peers[1].GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, nodes["edge-2"].GetProperty("peers").ValueKind);
        Assert.Equal("Established", cp.Publisher.Nodes["edge-1"].Peers![0].State);
    }
}
