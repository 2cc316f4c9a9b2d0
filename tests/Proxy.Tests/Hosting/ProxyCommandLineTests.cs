using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// The whole command line of <c>gitgateway-proxy</c>. The expected values of the full set are what the hand-written
/// parser it replaced gave for the same arguments; the rules are the ones it enforced, plus port and address ranges.
/// </summary>
public sealed class ProxyCommandLineTests
{
    [Fact]
    public void Parse_EveryFlag_GivesTheOptionsTheHandParserGave()
    {
        var options = ProxyCommandLine.Parse(
            [
                "--control-plane", "https://cp.example:8443/gg", "--node-token-file", "/run/token", "--repository", "payments", "--subscribe", "events",
                "--backends", "b.json", "--listen", "::1", "--port-map", "80=18080, 443=18443", "--cert-dir", "/certs", "--admin-port", "9901",
                "--state-dir", "/state", "--node-name", "edge-1", "--access-log", "OFF", "--drain-seconds", "7", "--gc-after-burst",
                "--escaped-slashes", "keep", "--headers-with-underscores", "allow", "--trusted-proxies", "10.0.0.0/8, 192.0.2.7,2001:db8::1",
                "--trusted-hops", "3", "--proxy-protocol", "on",
                "--max-connections", "900", "--max-connections-per-listener", "300", "--http2-max-streams", "100",
                "--request-headers-timeout", "5", "--keep-alive-timeout", "60", "--max-request-headers", "50", "--max-request-headers-kb", "32",
                "--shed-connections", "800", "--shed-memory-mb", "512",
                "--vip", "--node-label", "zone=a", "--node-label", "rack", "--router-id", "10.0.0.7", "--next-hop-v4", "192.0.2.1", "--next-hop-v6", "2001:db8::1",
                "--local-address", "127.0.0.2", "--listen-port", "1179", "--passive", "--bfd-port", "13784", "--vip-interface", "gg-vip",
                "--withdraw-delay", "2.5", "--connect-retry-min", "250", "--secret-dir", "/secrets", "--floor-probe", "127.0.0.3",
                "--fleet-status", "http://10.0.0.12:9179/status", "--fleet-status", "https://10.0.0.13/vip", "--send-hold-time", "90",
            ],
            out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Null(options.PlanPath);
        Assert.Equal(new Uri("https://cp.example:8443/gg/"), options.ControlPlane);
        Assert.Equal("/run/token", options.NodeTokenFile);
        Assert.Equal("payments", options.Repository);
        Assert.True(options.ServerSentEvents);
        Assert.Equal("b.json", options.BackendsPath);
        Assert.Equal(IPAddress.IPv6Loopback, options.Listen);
        Assert.Equal(new Dictionary<int, int> { [80] = 18080, [443] = 18443 }, options.PortMap);
        Assert.Equal("/certs", options.CertDir);
        Assert.Equal(9901, options.AdminPort);
        Assert.Equal("/state", options.StateDir);
        Assert.Equal("edge-1", options.NodeName);
        Assert.False(options.AccessLog);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Drain);
        Assert.True(options.GcAfterBurst);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.WithdrawDelay);
        Assert.Equal(EscapedSlashAction.Keep, options.Edge.EscapedSlashes);
        Assert.Equal(UnderscoreHeaderAction.Allow, options.Edge.UnderscoreHeaders);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.0.2.7/32"), IPNetwork.Parse("2001:db8::1/128")], options.Edge.TrustedProxies!);
        Assert.Equal(3, options.Edge.TrustedHops);
        Assert.True(options.Edge.ProxyProtocol);
        Assert.Equal(
            ConnectionLimits.Default with
            {
                MaxConnectionsPerNode = 900,
                MaxConnectionsPerListener = 300,
                Http2MaxStreams = 100,
                RequestHeadersTimeout = TimeSpan.FromSeconds(5),
                KeepAliveTimeout = TimeSpan.FromSeconds(60),
                MaxRequestHeaderCount = 50,
                MaxRequestHeadersTotalSize = 32 * 1024,
                ShedConnections = 800,
                ShedMemoryBytes = 512L * 1024 * 1024,
            },
            options.Limits);
        // Every announcer option is read by AnnouncerArguments (tests/Vip.Tests); here: the proxy takes them all with --vip, and gives its node name.
        var vip = Assert.IsType<GitGateway.Vip.Announcing.AnnouncerOptions>(options.Vip);
        Assert.Equal("edge-1", vip.NodeName);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), vip.RouterId);
        Assert.Equal(2, vip.FleetStatus!.Count);
    }

    [Fact]
    public void Parse_OnlyAPlan_TakesTheDocumentedDefaults()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json"], out var error);

        Assert.Null(error);
        Assert.Equal("p.json", options!.PlanPath);
        Assert.Null(options.ControlPlane);
        Assert.False(options.ServerSentEvents);
        Assert.Equal(IPAddress.Any, options.Listen);
        Assert.Empty(options.PortMap);
        Assert.Null(options.AdminPort);
        Assert.Equal(Environment.MachineName, options.NodeName);
        Assert.Equal(!string.Equals(Environment.GetEnvironmentVariable("GITGATEWAY_ACCESS_LOG"), "off", StringComparison.OrdinalIgnoreCase), options.AccessLog);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Drain);
        Assert.Equal(TimeSpan.Zero, options.WithdrawDelay);
        Assert.Equal(EscapedSlashAction.Reject, options.Edge.EscapedSlashes);
        Assert.Equal(UnderscoreHeaderAction.Drop, options.Edge.UnderscoreHeaders);
        Assert.Empty(options.Edge.TrustedProxies!);
        Assert.Equal(1, options.Edge.TrustedHops);
        Assert.False(options.Edge.ProxyProtocol);
        Assert.False(options.GcAfterBurst);
    }

    [Fact]
    public void Parse_DeployManifestArguments_FollowTheControlPlaneWithVip()
    {
        // deploy/40-proxy.yaml's container args, one "- value" per line between "args:" and "env:", comments removed.
        var lines = File.ReadAllLines(Path.Combine(GitGateway.Fixtures.RepoPaths.Root, "deploy", "40-proxy.yaml"));
        var args = lines.SkipWhile(l => l.Trim() != "args:").Skip(1).TakeWhile(l => l.Trim() != "env:")
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim().Replace("$(NODE_NAME)", "node-1", StringComparison.Ordinal).Replace("$(HOST_IP)", "192.0.2.1", StringComparison.Ordinal)).ToArray();

        var options = ProxyCommandLine.Parse(args, out var error);

        Assert.Null(error);
        Assert.Equal(new Uri("http://gitgateway-reconciler.gitgateway.svc:8080/"), options!.ControlPlane);
        Assert.Equal("node-1", options.NodeName);
        Assert.Equal(9901, options.AdminPort);
        Assert.NotNull(options.Vip);
    }

    [Fact]
    public void Parse_ValueGivenTwice_TakesTheLast()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json", "--drain-seconds", "3", "--node-name", "a", "--drain-seconds", "4"], out var error);

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(4), options!.Drain);
    }

    [Fact]
    public void Parse_ValueStartingWithAt_IsTheValueNotAResponseFile()
    {
        var options = ProxyCommandLine.Parse(["--plan", "@plan.json", "--node-name", "@edge"], out var error);

        Assert.Null(error);
        Assert.Equal("@plan.json", options!.PlanPath);
        Assert.Equal("@edge", options.NodeName);
    }

    [Theory]
    [InlineData("--listen", "localhost", "an IP address")]
    [InlineData("--port-map", "80", "a list of PORT=LOCALPORT with ports from 1 to 65535")]
    [InlineData("--port-map", "80=0", "a list of PORT=LOCALPORT with ports from 1 to 65535")]
    [InlineData("--port-map", "80=18080,65536=1", "a list of PORT=LOCALPORT with ports from 1 to 65535")]
    [InlineData("--admin-port", "65536", "a number from 0 to 65535")]
    [InlineData("--admin-port", "-1", "a number from 0 to 65535")]
    [InlineData("--drain-seconds", "-1", "a number from 0 to 86400")]
    [InlineData("--access-log", "yes", "on or off")]
    [InlineData("--escaped-slashes", "decode", "reject or keep")]
    [InlineData("--headers-with-underscores", "keep", "drop, reject or allow")]
    [InlineData("--trusted-proxies", "10.0.0.0/8,10.0.0.0/33", "a list of addresses or CIDRs")]
    [InlineData("--trusted-proxies", "lb.example", "a list of addresses or CIDRs")]
    [InlineData("--trusted-hops", "0", "a number from 1 to 32")]
    [InlineData("--trusted-hops", "33", "a number from 1 to 32")]
    [InlineData("--proxy-protocol", "v2", "on or off")]
    [InlineData("--max-connections-per-listener", "0", "a number from 1 to 10000000")]
    [InlineData("--request-headers-timeout", "3601", "a number from 1 to 3600")]
    [InlineData("--max-request-headers", "10001", "a number from 1 to 10000")]
    [InlineData("--shed-connections", "0", "a number from 1 to 10000000")]
    [InlineData("--shed-memory-mb", "1.5", "a number from 1 to 16777216")]
    public void Parse_MalformedValue_IsAnErrorNamingTheFlagAndTheValue(string flag, string value, string rule)
    {
        Assert.Null(ProxyCommandLine.Parse(["--plan", "p.json", flag, value], out var error));
        Assert.Equal($"{flag} '{value}' is not {rule}", error);
    }

    [Theory]
    [InlineData("file:///var/run/cp")]
    [InlineData("cp.example:8080")]
    public void Parse_ControlPlaneNotHttp_IsAnErrorNamingTheFlag(string url)
    {
        Assert.Null(ProxyCommandLine.Parse(["--control-plane", url], out var error));
        Assert.Equal($"--control-plane '{url}' is not an http(s) URL", error);
    }

    [Fact]
    public void Parse_UnknownFlag_IsAnErrorNamingIt()
    {
        Assert.Null(ProxyCommandLine.Parse(["--plan", "p.json", "--drain", "5"], out var error));
        Assert.Contains("'--drain'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Help_AnswersWithoutOptionsOrError()
    {
        Assert.Null(ProxyCommandLine.Parse(["--help"], out var error));
        Assert.Null(error);
    }
}
