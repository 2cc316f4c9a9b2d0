using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>gitgateway node forget</c> against a running control plane: a silent node goes from the fleet view at once; a node
/// that still reports, one the serve config lists, or a name nobody reported under is refused and nothing changes.
/// </summary>
public sealed class NodeForgetCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forget_SilentNode_GoneFromTheFleet_ReportingNodeRefusedUntilSilent()
    {
        using var repo = NodeFleetReportTests.Seed();
        var time = new OffsetTimeProvider(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct, time);
        await ReportAsync(cp, "edge-old");
        await ReportAsync(cp, "edge-live");
        var token = await TokenFileAsync(repo);

        var (liveExit, _, liveError) = await Cli.RunAsync("node", "forget", "edge-old", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);
        time.Advance(TimeSpan.FromSeconds(30));
        await ReportAsync(cp, "edge-live");
        var (exit, output, error) = await Cli.RunAsync("node", "forget", "edge-old", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);
        var (stillLiveExit, _, stillLiveError) = await Cli.RunAsync("node", "forget", "edge-live", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);

        Assert.Equal(CliOptions.Failure, liveExit);
        Assert.Contains("only a silent node", liveError, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Equal("forgotten node edge-old of default", output.Trim());
        Assert.Equal(["edge-live"], cp.Publisher.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(CliOptions.Failure, stillLiveExit);
        Assert.Contains("edge-live reported 0 s ago", stillLiveError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_ListedNodeOrUnknownName_RefusedAndTheFleetUnchanged()
    {
        using var repo = NodeFleetReportTests.Seed();
        var time = new OffsetTimeProvider(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["edge-a"], Ct, time);
        await ReportAsync(cp, "edge-a");
        time.Advance(TimeSpan.FromMinutes(5));
        var token = await TokenFileAsync(repo);

        var (listedExit, _, listedError) = await Cli.RunAsync("node", "forget", "edge-a", "--control-plane", cp.BaseUri.ToString(), "--token-file", token, "--output", "json");
        var (unknownExit, _, unknownError) = await Cli.RunAsync("node", "forget", "edge-z", "--control-plane", cp.BaseUri.ToString(), "--token-file", token);
        var (tokenlessExit, _, _) = await Cli.RunAsync("node", "forget", "edge-a", "--control-plane", cp.BaseUri.ToString(), "--token-file", await WriteAsync(repo, "wrong-token", "nope"));

        Assert.Equal(CliOptions.Failure, listedExit);
        Assert.Contains("\"status\":\"refused\"", listedError, StringComparison.Ordinal);
        Assert.Contains("in the repository's node list", listedError, StringComparison.Ordinal);
        Assert.Equal(CliOptions.Failure, unknownExit);
        Assert.Contains("no node of that name has reported", unknownError, StringComparison.Ordinal);
        Assert.Equal(CliOptions.Failure, tokenlessExit);
        Assert.True(cp.Publisher.Nodes.ContainsKey("edge-a"));
    }

    private static async Task ReportAsync(ControlPlaneFixture cp, string node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, node, ControlPlaneFixture.NodeToken), TimeProvider.System);
        await source.ReportAsync(new PlanApplyReport(node, "sha256:h1", true, null, true), Ct);
    }

    private static Task<string> TokenFileAsync(GitTestRepo repo) => WriteAsync(repo, "node-token", ControlPlaneFixture.NodeToken);

    private static async Task<string> WriteAsync(GitTestRepo repo, string name, string text)
    {
        var path = Path.Combine(repo.Root, name);
        await File.WriteAllTextAsync(path, text, Ct);
        return path;
    }
}
