using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Admission;

public sealed class LoadSheddingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectionsAboveShedThreshold_NewRequest_Gets503AndConnectionClosed()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ConnectionLimitTests.StartAsync(backend, ConnectionLimits.Default with { ShedConnections = 1 }, 80);
        using var first = await KeptAliveClient.OpenAsync(proxy.LocalPort(80), Token);
        Assert.Equal(200, (await first.GetAsync("/x", "a.test", Token)).Status); // one open connection: served
        using var second = await KeptAliveClient.OpenAsync(proxy.LocalPort(80), Token);

        var (status, head) = await second.GetAsync("/x", "a.test", Token);

        Assert.Equal(503, status);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        Assert.True(await second.ClosedByServerAsync(Token));
        Assert.Single(backend.Seen);
        Assert.Contains("gitgateway_proxy_requests_shed_total{trigger=\"connections\"} 1\n", proxy.Node.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagedMemoryAboveShedThreshold_Request_Gets503AndStateShows()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ConnectionLimitTests.StartAsync(backend, ConnectionLimits.Default with { ShedMemoryBytes = 1024 * 1024 }, 80);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), "GET /x HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(503, answer.Status);
        Assert.Empty(backend.Seen);
        var metrics = proxy.Node.Metrics.Render();
        Assert.Contains("gitgateway_proxy_overload_active{trigger=\"memory\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_requests_shed_total{trigger=\"memory\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultThresholds_Request_IsServedAndNoStateShows()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ConnectionLimitTests.StartAsync(backend, ConnectionLimits.Default, 80);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), "GET /x HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(200, answer.Status);
        var metrics = proxy.Node.Metrics.Render();
        Assert.Contains("gitgateway_proxy_overload_active{trigger=\"memory\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_overload_active{trigger=\"connections\"} 0\n", metrics, StringComparison.Ordinal);
    }
}
