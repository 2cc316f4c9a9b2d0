using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Tests.Discovery;

public sealed class BackendEndpointsTests
{
    [Fact]
    public void LeastRequest_OneEndpointBusy_NextRequestsGoToTheIdleOnes()
    {
        var endpoints = new BackendEndpoints(["a:1", "b:1", "c:1"], LoadBalancing.LeastRequest);
        using var first = endpoints.Pick();
        using var second = endpoints.Pick();

        using var third = endpoints.Pick();

        Assert.Equal(3, new[] { first.Authority, second.Authority, third.Authority }.Distinct().Count());
    }

    [Fact]
    public void LeastRequest_RequestEnded_ItsEndpointIsChosenAgain()
    {
        var endpoints = new BackendEndpoints(["a:1", "b:1"], LoadBalancing.LeastRequest);
        var first = endpoints.Pick();
        using var busy = endpoints.Pick();
        first.Dispose();

        using var next = endpoints.Pick();

        Assert.Equal(first.Authority, next.Authority);
        Assert.NotEqual(busy.Authority, next.Authority);
    }

    [Fact]
    public void Update_EndpointKept_KeepsItsRequestsInFlight()
    {
        var endpoints = new BackendEndpoints(["a:1", "b:1"], LoadBalancing.LeastRequest);
        using var busy = endpoints.Pick();
        endpoints.Update(["a:1", "b:1", "c:1"]);

        using var one = endpoints.Pick();
        using var two = endpoints.Pick();

        Assert.DoesNotContain(busy.Authority, new[] { one.Authority, two.Authority });
    }
}
