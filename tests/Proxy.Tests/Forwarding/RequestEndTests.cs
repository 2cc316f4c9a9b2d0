using System.Net;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// A request its entry answers after the request delegate returned is recorded by the connection's (the stream's)
/// <c>RequestEnd</c>: once each, with its own route and status, however many requests the connection or stream carried.
/// </summary>
public sealed class RequestEndTests
{
    private const string RouteA = "httproute/infra/a/rule/0/match/0";
    private const string RouteB = "httproute/infra/b/rule/0/match/0";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_RequestsOnOneKeptAliveConnection_EachRecordedOnceWithItsRoute()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await StartAsync(v1, v2);
        using var client = proxy.Client(80);

        for (var i = 0; i < 9; i++)
        {
            var (response, _) = await Requests.GetAsync(client, i % 3 == 2 ? "/none" : i % 3 == 0 ? "/a" : "/b");
            Assert.Equal(i % 3 == 2 ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        }

        await AssertRecordedAsync(proxy, 3, 3, 3);
    }

    [Fact]
    public async Task HandleAsync_ConcurrentHttp2Streams_EachRecordedOnceWithItsRoute()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await StartAsync(v1, v2);
        using var client = proxy.Client(80, HttpVersion.Version20);

        for (var round = 0; round < 2; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Requests.GetAsync(client, i % 3 == 2 ? "/none" : i % 3 == 0 ? "/a" : "/b")));
            Assert.All(answers, a => Assert.Equal(HttpVersion.Version20, a.Response.Version));
        }

        await AssertRecordedAsync(proxy, 20, 20, 20);
    }

    private static async Task<ProxyHost> StartAsync(EchoBackend v1, EchoBackend v2)
    {
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("a", Exact("/a"), Service("v1")), Entry("b", Exact("/b"), Service("v2"))))));
        return proxy;
    }

    /// <summary>
    /// The client may read an answer before its request is recorded (recording ends the request, after the answer was
    /// sent), so the counts are awaited up to a bound, never assumed.
    /// </summary>
    private static async Task AssertRecordedAsync(ProxyHost proxy, int a, int b, int unrouted)
    {
        string[] expected =
        [
            $"gitgateway_proxy_requests_total{{route=\"{RouteA}\",backend=\"Service/infra/v1:8080\",status=\"200\"}} {a}\n",
            $"gitgateway_proxy_requests_total{{route=\"{RouteB}\",backend=\"Service/infra/v2:8080\",status=\"200\"}} {b}\n",
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
