using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>The VIPs a node serves travel with its report and come back, for the other nodes, from <c>GET /v1/fleet</c>.</summary>
public sealed class NodeFleetReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_VipsServedAndHeld_FleetListsWhatTheOtherNodesServe()
    {
        using var repo = Seed();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var a = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-a", ControlPlaneFixture.NodeToken), TimeProvider.System);
        var b = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-b", ControlPlaneFixture.NodeToken), TimeProvider.System);

        await a.ReportAsync(new PlanApplyReport("edge-a", "sha256:h1", true, null, true) { VipServing = ["vip/web"], VipHeld = [] }, Ct);
        await b.ReportAsync(new PlanApplyReport("edge-b", "sha256:h1", true, null, false) { VipServing = [], VipHeld = ["vip/api"] }, Ct);

        Assert.Empty(await ServingAsync(http, cp.BaseUri, "edge-a"));
        Assert.Equal(["vip/web"], await ServingAsync(http, cp.BaseUri, "edge-b"));
        Assert.Equal(["vip/api"], cp.Publisher.Nodes["edge-b"].VipHeld);
    }

    [Fact]
    public async Task Report_LargerThanTheBound_RefusedAndNothingKept()
    {
        using var repo = Seed();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ids = string.Join(",", Enumerable.Range(0, 300_000).Select(i => $"\"vip/{i:D8}\""));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cp.BaseUri, "v1/nodes/edge-a/report"))
        {
            Content = new StringContent($$"""{"planHash":"sha256:h1","accepted":true,"ready":true,"vipServing":[{{ids}}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);

        // The control plane answers 400 as soon as the bound is passed and may close before the client has sent it all.
        var status = await StatusOrResetAsync(http, request);

        Assert.True(status is HttpStatusCode.BadRequest or null, $"answered {status}");
        Assert.False(cp.Publisher.Nodes.ContainsKey("edge-a"));
    }

    [Fact]
    public async Task Fleet_WithoutTheNodeToken_Unauthorized()
    {
        using var repo = Seed();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync(new Uri(cp.BaseUri, "v1/fleet?node=edge-a"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<HttpStatusCode?> StatusOrResetAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request, Ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A repository with only its config: enough for a control plane that nodes report to.</summary>
    internal static GitTestRepo Seed()
    {
        var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        repo.Commit("seed");
        return repo;
    }

    private static async Task<string[]> ServingAsync(HttpClient http, Uri controlPlane, string node)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controlPlane, "v1/fleet?node=" + node));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. json.RootElement.GetProperty("serving").EnumerateArray().Select(e => e.GetString()!)];
    }
}
