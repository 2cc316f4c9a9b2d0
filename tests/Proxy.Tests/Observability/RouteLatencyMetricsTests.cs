using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Observability;

public sealed class RouteLatencyMetricsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_RequestsOnTwoRoutes_HistogramSeriesPerRouteWithTheirCounts()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], admin: true);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("a", Prefix("/a"), Service("v1")), Entry("b", Prefix("/b"), Service("v1"))))));
        using var client = proxy.Client(80);
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Node.AdminPort}") };

        for (var i = 0; i < 3; i++)
        {
            await Requests.GetAsync(client, "/a");
        }

        for (var i = 0; i < 2; i++)
        {
            await Requests.GetAsync(client, "/b");
        }

        await Requests.GetAsync(client, "/none");
        var metrics = (await admin.GetStringAsync("/metrics", Token)).Split('\n');

        const string a = "route=\"httproute/infra/a/rule/0/match/0\"";
        const string b = "route=\"httproute/infra/b/rule/0/match/0\"";
        Assert.Contains($"gitgateway_proxy_request_duration_seconds_bucket{{{a},le=\"+Inf\"}} 3", metrics);
        Assert.Contains($"gitgateway_proxy_request_duration_seconds_count{{{a}}} 3", metrics);
        Assert.Contains($"gitgateway_proxy_request_duration_seconds_bucket{{{b},le=\"+Inf\"}} 2", metrics);
        Assert.Contains($"gitgateway_proxy_request_duration_seconds_count{{{b}}} 2", metrics);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_count{route=\"\"} 1", metrics); // the 404
        Assert.Equal(15, metrics.Count(l => l.StartsWith($"gitgateway_proxy_request_duration_seconds_bucket{{{a},", StringComparison.Ordinal)));
        Assert.DoesNotContain(metrics, l => l.StartsWith("gitgateway_proxy_request_duration_seconds_count ", StringComparison.Ordinal));
        Assert.Single(metrics, l => l == "# TYPE gitgateway_proxy_request_duration_seconds histogram");
    }
}
