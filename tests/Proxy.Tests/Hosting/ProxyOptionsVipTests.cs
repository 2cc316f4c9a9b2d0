using System.Net;
using GitGateway.Proxy.Hosting;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>The announcer options of <c>gitgateway-proxy --vip</c>.</summary>
public sealed class ProxyOptionsVipTests
{
    [Fact]
    public void Parse_VipWithNodeOptions_BuildsAnnouncerOptions()
    {
        var options = ProxyCommandLine.Parse(
            ["--plan", "p.json", "--node-name", "n1", "--vip", "--router-id", "10.0.0.7", "--node-label", "zone=a", "--node-label", "rack=r1",
             "--next-hop-v4", "192.0.2.1", "--next-hop-v6", "2001:db8::1", "--listen-port", "1179", "--passive", "--withdraw-delay", "2.5"],
            out var error);

        Assert.Null(error);
        var vip = Assert.IsType<GitGateway.Vip.Announcing.AnnouncerOptions>(options?.Vip);
        Assert.Equal("n1", vip.NodeName);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), vip.RouterId);
        Assert.Equal("a", vip.NodeLabels!["zone"]);
        Assert.Equal("r1", vip.NodeLabels["rack"]);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), vip.NextHopV4);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), vip.NextHopV6);
        Assert.Equal(1179, vip.ListenPort);
        Assert.True(vip.Passive);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options!.WithdrawDelay);
    }

    [Fact]
    public void Parse_NoVip_LeavesAnnouncerOff()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json"], out var error);

        Assert.Null(error);
        Assert.Null(options!.Vip);
    }

    [Fact]
    public void Parse_AnnouncerOptionWithoutVip_IsRejected()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json", "--router-id", "10.0.0.7"], out var error);

        Assert.Null(options);
        Assert.Equal("--router-id needs --vip", error);
    }
}
