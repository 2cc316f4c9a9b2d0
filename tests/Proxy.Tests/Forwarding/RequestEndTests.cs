using System.Net;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// A request its entry answers after the request delegate returned is recorded by the connection's (the stream's)
/// <c>RequestEnd</c>: once each, with its own route and status, however many requests the connection or stream carried.
/// </summary>
public sealed class RequestEndTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_RequestsOnOneKeptAliveConnection_EachRecordedOnceWithItsRoute()
    {
        await using var routes = await AlternatingRoutes.StartAsync();
        using var client = routes.Proxy.Client(80);

        for (var i = 0; i < 9; i++)
        {
            var target = AlternatingRoutes.Target(i, unrouted: true);
            Assert.Equal(target == "/none" ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await Requests.GetAsync(client, target)).Response.StatusCode);
        }

        await AssertRecordedAsync(routes.Proxy, 3, 3, 3);
    }

    [Fact]
    public async Task HandleAsync_ConcurrentHttp2Streams_EachRecordedOnceWithItsRoute()
    {
        await using var routes = await AlternatingRoutes.StartAsync();
        using var client = routes.Proxy.Client(80, HttpVersion.Version20);

        var first = await AlternatingRoutes.GetAllAsync(client, 30, unrouted: true);
        var second = await AlternatingRoutes.GetAllAsync(client, 30, unrouted: true);

        Assert.All(first.Concat(second), a => Assert.Equal(HttpVersion.Version20, a.Response.Version));
        await AssertRecordedAsync(routes.Proxy, 20, 20, 20);
    }

    /// <summary>
    /// The client may read an answer before its request is recorded (recording ends the request, after the answer was
    /// sent), so the counts are awaited up to a bound, never assumed.
    /// </summary>
    private static async Task AssertRecordedAsync(ProxyHost proxy, int a, int b, int unrouted)
    {
        string[] expected =
        [
            $"gitgateway_proxy_requests_total{{route=\"{AlternatingRoutes.RouteA}\",backend=\"Service/infra/v1:8080\",status=\"200\"}} {a}\n",
            $"gitgateway_proxy_requests_total{{route=\"{AlternatingRoutes.RouteB}\",backend=\"Service/infra/v2:8080\",status=\"200\"}} {b}\n",
            $"gitgateway_proxy_requests_total{{route=\"\",backend=\"\",status=\"404\"}} {unrouted}\n",
            "gitgateway_proxy_active_requests 0\n",
        ];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var text = proxy.Node.Metrics.Render();
        while (!expected.All(line => text.Contains(line, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Token);
            text = proxy.Node.Metrics.Render();
        }

        Assert.All(expected, line => Assert.Contains(line, text, StringComparison.Ordinal));
    }
}
