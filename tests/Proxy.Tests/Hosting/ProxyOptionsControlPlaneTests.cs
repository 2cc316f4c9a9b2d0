using GitGateway.Proxy.Hosting;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class ProxyOptionsControlPlaneTests
{
    [Fact]
    public void Parse_ControlPlaneWithoutPlan_FollowsTheControlPlane()
    {
        var options = ProxyOptions.Parse(["--control-plane", "http://127.0.0.1:8080", "--node-token-file", "/tmp/token"], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Null(options.PlanPath);
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), options.ControlPlane);
        Assert.Equal("/tmp/token", options.NodeTokenFile);
    }

    [Fact]
    public void Parse_NameEqualsValue_IsReadLikeTwoArguments()
    {
        var options = ProxyOptions.Parse(["--control-plane=http://cp:8080/", "--node-name=edge-1", "--drain-seconds=3"], out var error);

        Assert.Null(error);
        Assert.Equal("edge-1", options!.NodeName);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Drain);
    }

    [Theory]
    [InlineData("--plan", "plan.json", "--control-plane", "http://127.0.0.1:8080")]
    [InlineData("--backends", "backends.json", "--listen", "127.0.0.1")]
    public void Parse_NeitherOrBothSources_IsRejectedWithTheRule(params string[] args)
    {
        var options = ProxyOptions.Parse(args, out var error);

        Assert.Null(options);
        Assert.Equal("give one of --plan FILE or --control-plane URL", error);
    }
}
