using GitGateway.Proxy.Hosting;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class ProxyOptionsControlPlaneTests
{
    [Fact]
    public void Parse_ControlPlaneWithoutPlan_FollowsTheControlPlane()
    {
        var options = ProxyCommandLine.Parse(["--control-plane", "http://127.0.0.1:8080", "--node-token-file", "/tmp/token"], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Null(options.PlanPath);
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), options.ControlPlane);
        Assert.Equal("/tmp/token", options.NodeTokenFile);
    }

    [Fact]
    public void Parse_NameEqualsValue_IsReadLikeTwoArguments()
    {
        var options = ProxyCommandLine.Parse(["--control-plane=http://cp:8080/", "--node-name=edge-1", "--drain-seconds=3"], out var error);

        Assert.Null(error);
        Assert.Equal("edge-1", options!.NodeName);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Drain);
    }

    [Fact]
    public void Parse_Repository_FollowsThatRepositorysPaths()
    {
        var options = ProxyCommandLine.Parse(["--control-plane", "http://cp:8080", "--repository", "payments"], out var error);

        Assert.Null(error);
        Assert.Equal("payments", options!.Repository);
        Assert.Equal("v1/repos/payments/", new GitGateway.Proxy.Sync.ControlPlaneOptions(options.ControlPlane!, "n", "t", Repository: options.Repository).PathPrefix);
        Assert.Equal("v1/", new GitGateway.Proxy.Sync.ControlPlaneOptions(options.ControlPlane!, "n", "t").PathPrefix);
    }

    [Theory]
    [InlineData("--repository", "payments", "--repository needs --control-plane URL")]
    [InlineData("--subscribe", "events", "--subscribe needs --control-plane URL")]
    public void Parse_ControlPlaneOptionWithPlanFile_IsRejected(string name, string value, string expected)
    {
        var options = ProxyCommandLine.Parse(["--plan", "plan.json", name, value], out var error);

        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("events", true, null)]
    [InlineData("long-poll", false, null)]
    [InlineData("websocket", false, "--subscribe 'websocket' is not long-poll or events")]
    public void Parse_Subscribe_ChoosesTheEventStreamOrTheLongPoll(string mode, bool events, string? expectedError)
    {
        var options = ProxyCommandLine.Parse(["--control-plane", "http://cp:8080", "--subscribe", mode], out var error);

        Assert.Equal(expectedError, error);
        Assert.Equal(events, options?.ServerSentEvents ?? false);
    }

    [Theory]
    [InlineData("--plan", "plan.json", "--control-plane", "http://127.0.0.1:8080")]
    [InlineData("--backends", "backends.json", "--listen", "127.0.0.1")]
    public void Parse_NeitherOrBothSources_IsRejectedWithTheRule(params string[] args)
    {
        var options = ProxyCommandLine.Parse(args, out var error);

        Assert.Null(options);
        Assert.Equal("give one of --plan FILE or --control-plane URL", error);
    }
}
