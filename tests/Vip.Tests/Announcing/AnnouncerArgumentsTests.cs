using System.CommandLine;
using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>The announcer options both node programs share (gitgateway-vip, gitgateway-proxy --vip), read as they read them.</summary>
public sealed class AnnouncerArgumentsTests
{
    [Fact]
    public void Read_EveryOption_GivesTheAnnouncerOptions()
    {
        var (options, error) = Parse(
            "--node-label", "zone=a", "--node-label", "rack", "--router-id", "10.0.0.7", "--next-hop-v4", "192.0.2.1", "--next-hop-v6", "2001:db8::1",
            "--local-address", "127.0.0.2", "--listen-port", "1179", "--passive", "--bfd-port", "13784", "--vip-interface", "gg-vip",
            "--withdraw-delay", "2.5", "--connect-retry-min", "250", "--secret-dir", "/secrets", "--floor-probe", "127.0.0.3",
            "--fleet-status", "http://10.0.0.12:9179/status", "--fleet-status", "https://10.0.0.13/vip", "--send-hold-time", "90",
            "--graceful-restart-time", "30");

        Assert.Null(error);
        Assert.Equal("edge-1", options!.NodeName);
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "a", ["rack"] = "" }, options.NodeLabels);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), options.RouterId);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), options.NextHopV4);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), options.NextHopV6);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), options.LocalAddress);
        Assert.Equal(1179, options.ListenPort);
        Assert.True(options.Passive);
        Assert.Equal(13784, options.BfdPort);
        Assert.Equal("gg-vip", options.VipInterface);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ConnectRetryMin);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ConnectRetryMax);
        Assert.Equal("/secrets", options.SecretDirectory);
        Assert.Equal(IPAddress.Parse("127.0.0.3"), options.FloorProbeAddress);
        Assert.Equal([new Uri("http://10.0.0.12:9179/status"), new Uri("https://10.0.0.13/vip")], options.FleetStatus);
        Assert.Equal(TimeSpan.FromSeconds(90), options.SendHoldTime);
        Assert.Equal(30, options.GracefulRestartSeconds);
    }

    [Fact]
    public void Read_NoOption_TakesTheDocumentedDefaults()
    {
        var arguments = new AnnouncerArguments();
        var parse = Command(arguments).Parse([]);
        var options = arguments.Read(parse, "edge-1");

        Assert.Empty(options.NodeLabels!);
        Assert.Null(options.RouterId);
        Assert.False(options.Passive);
        Assert.Equal(3784, options.BfdPort);
        Assert.Null(options.ListenPort);
        Assert.Null(options.VipInterface);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ConnectRetryMin);
        Assert.Null(options.SendHoldTime);
        Assert.Equal(120, options.GracefulRestartSeconds);
        Assert.Equal(IPAddress.Loopback, options.FloorProbeAddress);
        Assert.Empty(options.FleetStatus!);
        Assert.Equal(TimeSpan.FromSeconds(5), arguments.ReadWithdrawDelay(parse));
    }

    [Fact]
    public void Read_FloorProbeOff_LeavesTheFloorOff() => Assert.Null(Parse("--floor-probe", "off").Options!.FloorProbeAddress);

    [Fact]
    public void Read_ValueGivenTwice_TakesTheLast() => Assert.Equal(IPAddress.Parse("10.0.0.8"), Parse("--router-id", "10.0.0.7", "--router-id", "10.0.0.8").Options!.RouterId);

    [Theory]
    [InlineData("--router-id", "2001:db8::7", "an IPv4 address other than 0.0.0.0, or auto")] // a BGP identifier is four bytes (RFC 6286)
    [InlineData("--router-id", "router-1", "an IPv4 address other than 0.0.0.0, or auto")]
    [InlineData("--router-id", "0.0.0.0", "an IPv4 address other than 0.0.0.0, or auto")] // never zero (RFC 6286 §2.1)
    [InlineData("--router-id", "10.7", "an IPv4 address other than 0.0.0.0, or auto")] // inet_aton shorthand: not what anyone means
    [InlineData("--next-hop-v4", "2001:db8::1", "an IPv4 address")]
    [InlineData("--next-hop-v6", "192.0.2.1", "an IPv6 address")]
    [InlineData("--local-address", "localhost", "an IP address")]
    [InlineData("--listen-port", "0", "a number from 1 to 65535")]
    [InlineData("--listen-port", "65536", "a number from 1 to 65535")]
    [InlineData("--bfd-port", "-1", "a number from 1 to 65535")]
    [InlineData("--vip-interface", "-force", "an interface name (1 to 15 letters, digits, '.', '_' or '-')")]
    [InlineData("--vip-interface", "a-name-over-15ch", "an interface name (1 to 15 letters, digits, '.', '_' or '-')")]
    [InlineData("--vip-interface", "eth0/x", "an interface name (1 to 15 letters, digits, '.', '_' or '-')")]
    [InlineData("--withdraw-delay", "-1", "a number from 0 to 3600")]
    [InlineData("--withdraw-delay", "NaN", "a number from 0 to 3600")]
    [InlineData("--connect-retry-min", "0", "a number from 1 to 600000")]
    [InlineData("--floor-probe", "loopback", "an IP address or off")]
    [InlineData("--fleet-status", "file:///etc/passwd", "an http(s) URL")]
    [InlineData("--fleet-status", "10.0.0.12:9179/status", "an http(s) URL")]
    [InlineData("--graceful-restart-time", "-1", "a number from 0 to 4095")]
    [InlineData("--graceful-restart-time", "4096", "a number from 0 to 4095")] // RFC 4724: 12 bits
    [InlineData("--send-hold-time", "0", "a number from 1 to 86400")]
    [InlineData("--send-hold-time", "86401", "a number from 1 to 86400")]
    public void Parse_MalformedValue_IsAnErrorNamingTheFlagAndTheValue(string flag, string value, string rule)
    {
        var (options, error) = Parse(flag, value);

        Assert.Null(options);
        Assert.Equal($"{flag} '{value}' is not {rule}", error);
    }

    private static (AnnouncerOptions? Options, string? Error) Parse(params string[] args)
    {
        var arguments = new AnnouncerArguments();
        var parse = NodeCommandLine.Parse(Command(arguments), args);
        return NodeCommandLine.Error(parse) is { } error ? (null, error) : (arguments.Read(parse, "edge-1"), null);
    }

    private static RootCommand Command(AnnouncerArguments arguments)
    {
        var root = new RootCommand();
        foreach (var option in arguments.All)
        {
            root.Options.Add(option);
        }

        return root;
    }
}
