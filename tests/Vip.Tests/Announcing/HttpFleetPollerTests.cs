using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>The fleet view's sources: the control plane first, the <c>--fleet-status</c> nodes when it does not answer.</summary>
public sealed class HttpFleetPollerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Look_ControlPlaneAnswers_ItsViewWinsOverTheFallbackNodes()
    {
        using var controlPlane = new ReadyzServer();
        using var node = new ReadyzServer();
        controlPlane.Set("""{"serving":["vip/from-control-plane"],"nodes":[]}""");
        node.Set("""{"serving":["vip/from-node"]}""");
        using var http = new HttpClient();
        var poller = Poller(http, controlPlane.Url, node.Url);

        Assert.Equal(["vip/from-control-plane"], await poller.LookAsync(Ct));
    }

    [Theory]
    [InlineData(null)] // 503
    [InlineData("""{"nodes":[]}""")] // not a fleet document
    [InlineData("""{"serving":"vip/a"}""")] // serving of the wrong type
    public async Task Look_ControlPlaneDoesNotAnswerAFleet_TheFallbackNodesDecide(string? answer)
    {
        using var controlPlane = new ReadyzServer();
        using var node = new ReadyzServer();
        controlPlane.Set(answer);
        node.Set("""{"serving":["vip/from-node"]}""");
        using var http = new HttpClient();
        var poller = Poller(http, controlPlane.Url, node.Url);

        Assert.Equal(["vip/from-node"], await poller.LookAsync(Ct));
    }

    [Fact]
    public async Task Look_ControlPlaneDownAndNoFallback_NobodyElseServes()
    {
        using var controlPlane = new ReadyzServer();
        controlPlane.Set(null, unavailable: true);
        using var http = new HttpClient();
        var poller = new HttpFleetPoller(http, [], new FleetView(), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<HttpFleetPoller>.Instance, new FleetControlPlane(controlPlane.Url, "t"));

        Assert.Empty(await poller.LookAsync(Ct));
    }

    [Fact]
    public void FleetControlPlane_Printed_NeverShowsTheToken()
    {
        var source = new FleetControlPlane(new Uri("http://cp.example:8080/v1/fleet?node=a"), "secret-node-token");

        Assert.DoesNotContain("secret-node-token", source.ToString(), StringComparison.Ordinal);
    }

    private static HttpFleetPoller Poller(HttpClient http, Uri controlPlane, Uri node) =>
        new(http, [node], new FleetView(), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<HttpFleetPoller>.Instance, new FleetControlPlane(controlPlane, "t"));
}
