using System.Diagnostics;
using System.Net;
using GitGateway.Fixtures;
using GitGateway.VipHost;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// The command line of <c>gitgateway-vip</c>. The expected values of the full set are what the hand-written parser it
/// replaced gave for the same arguments; help and usage errors are checked on the real program.
/// </summary>
public sealed class VipHostCommandLineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Read_EveryFlag_GivesTheOptionsTheHandParserGave()
    {
        var commandLine = new VipHostCommandLine();
        var parse = commandLine.Parse(
        [
            "--plan", "/plan.json", "--ready-url", "http://127.0.0.1:9901/readyz", "--node-name", "edge-1", "--status-address", "0.0.0.0",
            "--status-port", "9179", "--poll-interval", "50", "--min-vips", "0", "--node-label", "zone=a", "--router-id", "10.0.0.7",
            "--next-hop-v4", "192.0.2.10", "--withdraw-delay", "0.2", "--connect-retry-min", "200", "--fleet-status", "http://10.0.0.12:9179/status",
        ]);

        Assert.Empty(parse.Errors);
        var options = commandLine.Read(parse);
        Assert.Equal("/plan.json", options.PlanPath);
        Assert.Equal(new Uri("http://127.0.0.1:9901/readyz"), options.ReadyUrl);
        Assert.False(options.AlwaysReady);
        Assert.Equal(IPAddress.Any, options.StatusAddress);
        Assert.Equal(9179, options.StatusPort);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.PollInterval);
        Assert.Equal(0, options.MinVips);
        Assert.Equal(TimeSpan.FromSeconds(0.2), options.WithdrawDelay);
        Assert.Equal("edge-1", options.Announcer.NodeName);
        Assert.Equal("a", options.Announcer.NodeLabels!["zone"]);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), options.Announcer.RouterId);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), options.Announcer.NextHopV4);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Announcer.ConnectRetryMin);
        Assert.Equal(new Uri("http://10.0.0.12:9179/status"), Assert.Single(options.Announcer.FleetStatus!));
    }

    [Fact]
    public void Read_PlanAndAlwaysReady_TakesTheDocumentedDefaults()
    {
        var commandLine = new VipHostCommandLine();
        var parse = commandLine.Parse(["--plan", "p.json", "--always-ready"]);

        Assert.Empty(parse.Errors);
        var options = commandLine.Read(parse);
        Assert.True(options.AlwaysReady);
        Assert.Null(options.ReadyUrl);
        Assert.Equal(IPAddress.Loopback, options.StatusAddress);
        Assert.Null(options.StatusPort);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.PollInterval);
        Assert.Equal(1, options.MinVips);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WithdrawDelay);
        Assert.Equal(Environment.MachineName, options.Announcer.NodeName);
    }

    [Theory]
    [InlineData("--ready-url", "ftp://127.0.0.1/readyz", "--ready-url 'ftp://127.0.0.1/readyz' is not an http(s) URL")]
    [InlineData("--ready-url", "127.0.0.1:9901/readyz", "--ready-url '127.0.0.1:9901/readyz' is not an http(s) URL")]
    [InlineData("--status-address", "localhost", "--status-address 'localhost' is not an IP address")]
    [InlineData("--status-port", "0", "--status-port '0' is not a number from 1 to 65535")]
    [InlineData("--poll-interval", "0", "--poll-interval '0' is not a number from 1 to 60000")]
    [InlineData("--min-vips", "-1", "--min-vips '-1' is not a number from 0 to 1000000")]
    public void Parse_MalformedValue_IsAnErrorNamingTheFlag(string flag, string value, string expected)
    {
        var parse = new VipHostCommandLine().Parse(["--plan", "p.json", "--always-ready", flag, value]);

        Assert.Equal(expected, Vip.CommandLine.NodeCommandLine.Error(parse));
    }

    [Theory]
    [InlineData(new[] { "--always-ready" }, "--plan")]
    [InlineData(new[] { "--plan", "p.json" }, "give --ready-url or --always-ready")]
    public void Parse_MissingOption_IsAnErrorNamingIt(string[] args, string expected)
    {
        var error = Vip.CommandLine.NodeCommandLine.Error(new VipHostCommandLine().Parse(args));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Flag_ListsEveryOptionWithItsDefaultAndExitsZero()
    {
        var (exit, output, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.All(new VipHostCommandLine().Command.Options, option => Assert.Contains(option.Name, output, StringComparison.Ordinal));
        Assert.Matches(@"--poll-interval <MS> +.*\[default: 200\]", output);
        Assert.Matches(@"--withdraw-delay <SECONDS> +.*\[default: 5\]", output);
        Assert.Matches(@"--floor-probe <ADDR\|off> +.*\[default: 127\.0\.0\.1\]", output);
    }

    [Theory]
    [InlineData("--ready", "http://127.0.0.1/readyz", "'--ready'")]
    [InlineData("--bfd-port", "99999", "--bfd-port '99999' is not a number from 1 to 65535")]
    public async Task UsageError_UnknownFlagOrBadValue_NamesTheFlagAndExitsTwo(string flag, string value, string message)
    {
        var (exit, _, error) = await RunAsync("--plan", "p.json", "--always-ready", flag, value);

        Assert.Equal(2, exit);
        Assert.StartsWith($"gitgateway-vip: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(BuiltProgram.Find("Vip.Tests", "VipHost", "gitgateway-vip.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var error = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await output, await error);
    }
}
