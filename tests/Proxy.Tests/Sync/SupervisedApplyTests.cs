using System.Net;
using System.Runtime.CompilerServices;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>A revision the node cannot load is refused with its reason; the node keeps serving and following.</summary>
public sealed class SupervisedApplyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_CertificateThatDoesNotParse_RefusedWithReasonAndLastGoodKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        var certs = Directory.CreateTempSubdirectory("gg-certs-").FullName;
        WriteGarbageSecret(certs, "infra", "broken");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80, 443], certDir: certs, admin: true);
        var route = Host("*", Entry("r", Prefix("/"), Service("v1")));
        var good = Of(Http(80, route));
        await proxy.ApplyAsync(good);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "broken")], null);
        var bad = Of(Http(80, route), Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [route]));

        var report = await proxy.Node.ApplyAsync(bad, Token);
        using var client = proxy.Client(80);
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Node.AdminPort}") };
        var readyz = await admin.GetStringAsync("/readyz", Token);

        Assert.False(report.Accepted);
        Assert.Contains("Cryptographic", report.Error, StringComparison.Ordinal);
        Assert.Equal(PlanJson.Hash(good), report.Serving);
        Assert.Equal(PlanJson.Hash(good), proxy.Node.Tables.Current.Hash);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Token)).StatusCode);
        Assert.Contains($"\"planHash\":\"{PlanJson.Hash(good)}\"", readyz, StringComparison.Ordinal);
        Assert.Contains($"\"rejectedPlanHash\":\"{PlanJson.Hash(bad)}\"", readyz, StringComparison.Ordinal);
        Directory.Delete(certs, recursive: true);
    }

    [Fact]
    public async Task Apply_NewPortTakenWhileServing_RefusedAndEveryPortOfTheLastGoodPlanKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80, 81, 82]);
        var route = Host("*", Entry("r", Prefix("/"), Service("v1")));
        var good = Of(Http(80, route));
        await proxy.ApplyAsync(good);
        var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, proxy.LocalPort(82));
        squatter.Start();
        try
        {
            var moved = Of(Listener("second", 81, ListenerProtocol.HTTP, null, null, [route]), Listener("third", 82, ListenerProtocol.HTTP, null, null, [route]));

            var report = await proxy.Node.ApplyAsync(moved, Token);
            using var on80 = proxy.Client(80);

            Assert.False(report.Accepted);
            Assert.Contains($"port {proxy.LocalPort(82)}", report.Error, StringComparison.Ordinal);
            Assert.Equal(PlanJson.Hash(good), proxy.Node.Tables.Current.Hash);
            Assert.Equal(HttpStatusCode.OK, (await on80.GetAsync("/", Token)).StatusCode);
            Assert.True(proxy.Node.Applier.Ready);
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://127.0.0.1:{proxy.LocalPort(81)}/", Token)); // released again
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public async Task Follow_SourceThrows_LoopRestartedCountedAndTheNextPlanApplied()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        var directory = Directory.CreateTempSubdirectory("gg-supervised-").FullName;
        var backends = Path.Combine(directory, "backends.json");
        await File.WriteAllTextAsync(backends, System.Text.Json.JsonSerializer.Serialize(ProxyHost.Backends(v1)), Token);
        var port = Ports.FreeTcp();
        var options = new ProxyOptions(
            Path.Combine(directory, "plan.json"), backends, IPAddress.Loopback, new Dictionary<int, int> { [80] = port }, null, 0,
            Path.Combine(directory, "state"), "test-node", AccessLog: false, TimeSpan.FromSeconds(2));
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        var source = new FailingOnceSource(plan);
        await using (var node = new ProxyNode(options, TimeProvider.System, NullLoggerFactory.Instance, TextWriter.Null) { Source = source })
        {
            await node.StartAsync(Token);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.AdminPort}") };
            await WaitUntilAsync(() => node.Tables.Current.Hash == PlanJson.Hash(plan));

            Assert.Equal(1, node.Metrics.LoopRestarts("follow"));
            Assert.Contains("gitgateway_proxy_loop_restarts_total{loop=\"follow\"} 1", await admin.GetStringAsync("/metrics", Token), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Token)).StatusCode);
        }

        Directory.Delete(directory, recursive: true);
    }

    internal static void WriteGarbageSecret(string certs, string ns, string name)
    {
        var folder = Path.Combine(certs, ns, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tls.crt"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(folder, "tls.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, Token);
        }

        Assert.True(condition());
    }

    /// <summary>Throws on its first watch, as a source hitting a bug would; yields the plan on the next.</summary>
    private sealed class FailingOnceSource(RoutingPlan plan) : IPlanSource
    {
        private int _watches;

        public async IAsyncEnumerable<IncomingPlan> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _watches) == 1)
            {
                throw new InvalidOperationException("a bug in the plan source");
            }

            yield return IncomingPlan.Of(plan);
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        public Task ReportAsync(PlanApplyReport report, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
