using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Admission;

public sealed class ConnectionLimitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListenerLimit_OneConnectionMore_IsClosedAndCounted()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, ConnectionLimits.Default with { MaxConnectionsPerListener = 2 }, 80);
        using var first = await KeptAliveClient.OpenAsync(proxy.LocalPort(80), Token);
        using var second = await KeptAliveClient.OpenAsync(proxy.LocalPort(80), Token);

        // Both are admitted (and counted) once they have been served.
        Assert.Equal(200, (await first.GetAsync("/x", "a.test", Token)).Status);
        Assert.Equal(200, (await second.GetAsync("/x", "a.test", Token)).Status);
        Assert.True(await RefusedAsync(proxy.LocalPort(80)));
        Assert.Equal(200, (await first.GetAsync("/x", "a.test", Token)).Status);
        var metrics = proxy.Node.Metrics.Render();
        Assert.Contains("gitgateway_proxy_connections_refused_total{limit=\"listener\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_connections_refused_total{limit=\"node\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeLimit_ConnectionsOnTwoPorts_NextOneIsClosedAndCounted()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, ConnectionLimits.Default with { MaxConnectionsPerNode = 2, ShedConnections = 100 }, 80, 81);
        using var onFirstPort = await KeptAliveClient.OpenAsync(proxy.LocalPort(80), Token);
        using var onSecondPort = await KeptAliveClient.OpenAsync(proxy.LocalPort(81), Token);
        Assert.Equal(200, (await onFirstPort.GetAsync("/x", "a.test", Token)).Status);
        Assert.Equal(200, (await onSecondPort.GetAsync("/x", "a.test", Token)).Status);

        Assert.True(await RefusedAsync(proxy.LocalPort(81)));
        Assert.Contains("gitgateway_proxy_connections_refused_total{limit=\"node\"} 1\n", proxy.Node.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderCountLimit_Configured_MoreFieldsGet431FewerPass()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, ConnectionLimits.Default with { MaxRequestHeaderCount = 10 }, 80);
        var many = string.Concat(Enumerable.Range(0, 12).Select(i => $"X-H{i}: v\r\n"));
        var few = string.Concat(Enumerable.Range(0, 5).Select(i => $"X-H{i}: v\r\n"));

        var hostile = await RawClient.SendAsync(proxy.LocalPort(80), $"GET /x HTTP/1.1\r\nHost: a.test\r\n{many}\r\n", Token);
        var control = await RawClient.SendAsync(proxy.LocalPort(80), $"GET /x HTTP/1.1\r\nHost: a.test\r\n{few}\r\n", Token);

        Assert.Equal(431, hostile.Status);
        Assert.Equal(200, control.Status);
    }

    [Fact]
    public async Task HeaderSizeLimit_Configured_LargerHeadersGet431SmallerPass()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, ConnectionLimits.Default with { MaxRequestHeadersTotalSize = 2 * 1024 }, 80);

        var hostile = await RawClient.SendAsync(proxy.LocalPort(80), $"GET /x HTTP/1.1\r\nHost: a.test\r\nCookie: {new string('c', 3000)}\r\n\r\n", Token);
        var control = await RawClient.SendAsync(proxy.LocalPort(80), $"GET /x HTTP/1.1\r\nHost: a.test\r\nCookie: {new string('c', 1000)}\r\n\r\n", Token);

        Assert.Equal(431, hostile.Status);
        Assert.Equal(200, control.Status);
    }

    /// <summary>A new connection gets no answer: closed or reset by the node (the reset may already meet the connect).</summary>
    private static async Task<bool> RefusedAsync(int port)
    {
        try
        {
            using var client = await KeptAliveClient.OpenAsync(port, Token);
            return (await client.GetAsync("/x", "a.test", Token)).Status == 0;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    internal static async Task<ProxyHost> StartAsync(EchoBackend backend, ConnectionLimits limits, params int[] ports)
    {
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), ports, limits: limits);
        await proxy.ApplyAsync(Of([.. ports.Select(p => Listener($"http{p}", p, GitGateway.Plan.Model.ListenerProtocol.HTTP, null, null, [Host("*", Entry($"r{p}", Prefix("/"), Service("v1")))]))]));
        return proxy;
    }
}
