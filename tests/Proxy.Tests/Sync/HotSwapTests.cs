using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

public sealed class HotSwapTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Swap_HundredPlansUnderContinuousTraffic_NoRequestFails()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(PlanWithWeights(0, 1, 1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var failures = 0;
        var served = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = proxy.Client(80);
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/api/items", CancellationToken.None);
                Interlocked.Increment(ref served);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        for (var i = 1; i <= 100; i++)
        {
            // Each revision changes weights and adds a route, so every swap installs a different table.
            await proxy.ApplyAsync(PlanWithWeights(i, i % 3, 3 - (i % 3)));
            await Task.Delay(5, Token);
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(0, failures);
        Assert.True(served > 100, $"only {served} requests were served during the swaps");
        Assert.NotEmpty(v1.Seen);
        Assert.NotEmpty(v2.Seen);
    }

    [Fact]
    public async Task Swap_NewPort_BoundWithoutRestartAndOldPortReleased()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80, 81]);
        var route = Host("*", Entry("r", Prefix("/"), Service("v1")));
        await proxy.ApplyAsync(Of(Http(80, route)));
        using var on80 = proxy.Client(80);
        using var on81 = proxy.Client(81);
        Assert.Equal(HttpStatusCode.OK, (await on80.GetAsync("/", Token)).StatusCode);

        await proxy.ApplyAsync(Of(Http(80, route), Listener("second", 81, ListenerProtocol.HTTP, null, null, [route])));
        Assert.Equal(HttpStatusCode.OK, (await on81.GetAsync("/", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await on80.GetAsync("/", Token)).StatusCode);

        await proxy.ApplyAsync(Of(Listener("second", 81, ListenerProtocol.HTTP, null, null, [route])));
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://127.0.0.1:{proxy.LocalPort(80)}/", Token));
        Assert.True(proxy.Node.Applier.Ready);
    }

    [Fact]
    public async Task Apply_PortAlreadyTaken_AcceptedButNotReadyUntilItBinds()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80, 81]);
        var route = Host("*", Entry("r", Prefix("/"), Service("v1")));
        var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, proxy.LocalPort(81));
        squatter.Start();
        var plan = Of(Http(80, route), Listener("second", 81, ListenerProtocol.HTTP, null, null, [route]));

        var report = await proxy.Node.ApplyAsync(plan, Token);
        squatter.Stop();
        var retry = await proxy.Node.ApplyAsync(plan, Token); // the same revision again binds what is missing

        Assert.True(report.Accepted);
        Assert.False(report.Ready);
        Assert.Contains($"port {proxy.LocalPort(81)}", report.Error, StringComparison.Ordinal);
        Assert.True(retry.Ready);
    }

    [Fact]
    public async Task Apply_InvalidPlan_RejectedAndLastGoodKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80]);
        var good = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        await proxy.ApplyAsync(good);
        var badRegex = Of(Http(80, Host("*", Entry("bad", Regex("(("), Service("v1")))));
        var badSchema = good with { SchemaVersion = "something/else" };

        var regexReport = await proxy.Node.ApplyAsync(badRegex, Token);
        var schemaReport = await proxy.Node.ApplyAsync(badSchema, Token);
        using var client = proxy.Client(80);

        Assert.False(regexReport.Accepted);
        Assert.Contains("regular expression", regexReport.Error, StringComparison.Ordinal);
        Assert.False(schemaReport.Accepted);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/anything", Token)).StatusCode);
        Assert.Equal(GitGateway.Plan.Serialization.PlanJson.Hash(good), proxy.Node.Tables.Current.Hash);
    }

    [Fact]
    public async Task Start_StateDirWithLastGoodPlan_ServesItBeforeAnySource()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        var state = Path.Combine(Path.GetTempPath(), "gg-state-" + Guid.NewGuid().ToString("N"));
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        try
        {
            await using (var first = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80], stateDir: state))
            {
                await first.ApplyAsync(plan);
            }

            await using var second = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80], stateDir: state);
            using var client = second.Client(80);

            Assert.True(File.Exists(Path.Combine(state, "last-good-plan.json")));
            Assert.Equal(GitGateway.Plan.Serialization.PlanJson.Hash(plan), second.Node.Tables.Current.Hash);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Token)).StatusCode);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Apply_StateDirCannotBeWritten_PlanServedAndTheReportSaysItWasNotSaved()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        var blocker = Path.Combine(Path.GetTempPath(), "gg-state-file-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the state directory's parent should be", Token);
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        try
        {
            // The state directory lies under a regular file: creating it fails as a full or read-only disk would.
            await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80], stateDir: Path.Combine(blocker, "state"));

            var report = await proxy.Node.ApplyAsync(plan, Token);
            using var client = proxy.Client(80);

            Assert.True(report.Accepted);
            Assert.Contains("not saved as the last good plan", report.Error, StringComparison.Ordinal);
            Assert.Equal(GitGateway.Plan.Serialization.PlanJson.Hash(plan), proxy.Node.Tables.Current.Hash);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Token)).StatusCode);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static RoutingPlan PlanWithWeights(int revision, int v1, int v2) => Of(Http(80, Host("*",
        Entry($"extra-{revision}", Exact($"/extra/{revision}"), Service("v1")),
        Entry("api", Prefix("/api"), Service("v1", v1), Service("v2", v2)))));
}
