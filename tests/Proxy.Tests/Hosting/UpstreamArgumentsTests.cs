using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class UpstreamArgumentsTests
{
    [Fact]
    public void Parse_UpstreamFlags_ReachTheOptions()
    {
        var options = ProxyCommandLine.Parse(
            ["--plan", "p.json", "--kubernetes", "in-cluster", "--load-balancing", "least-request", "--upstream-idle-seconds", "30", "--upstream-lifetime-seconds", "600",
                "--upstream-http1-idle-seconds", "2", "--upstream-max-connections", "32"],
            out var error);

        Assert.Null(error);
        Assert.Equal("in-cluster", options!.Kubernetes!.Source);
        Assert.Equal(LoadBalancing.LeastRequest, options.LoadBalancing);
        Assert.Equal(new UpstreamConnectionOptions(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)) { Http1IdleTimeout = TimeSpan.FromSeconds(2), MaxConnectionsPerEndpoint = 32 }, options.Upstream);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Upstream.Http1ReuseBound);
    }

    [Fact]
    public void Parse_CertificatesFromKubernetesWithoutApi_IsAUsageError()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json", "--certificates", "kubernetes"], out var error);

        Assert.Null(options);
        Assert.Contains("--certificates kubernetes needs --kubernetes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CertificatesFromKubernetes_ReachTheOptions()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json", "--kubernetes", "http://127.0.0.1:8001", "--certificates", "kubernetes"], out var error);

        Assert.Null(error);
        Assert.True(options!.CertificatesFromApi);
    }

    [Fact]
    public void Parse_NoUpstreamFlags_KubernetesOffAndStatedDefaults()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json"], out var error);

        Assert.Null(error);
        Assert.Null(options!.Kubernetes);
        Assert.Equal(LoadBalancing.RoundRobin, options.LoadBalancing);
        Assert.Equal(new UpstreamConnectionOptions(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5)), options.Upstream);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Upstream.Http1ReuseBound);
        Assert.Equal(128, options.Upstream.MaxConnectionsPerEndpoint);
    }

    [Fact]
    public void Http1ReuseBound_IdleTimeoutBelowTheHttp1Bound_TheSmallerApplies()
    {
        var options = new UpstreamConnectionOptions(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromSeconds(1), options.Http1ReuseBound);
    }
}
