using GitGateway.Proxy.Tests.Support;
using GitGateway.Proxy.Upstream;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// <c>--upstream-lifetime-seconds</c> through a node, for both upstream paths: h2c (SocketsHttpHandler's
/// PooledConnectionLifetime) and HTTP/1.1 (the node's own keep-alive pool). The backend records the port each
/// request's connection came from: with a 1 s lifetime, requests spread over 2.5 s arrive on a new connection and
/// never go back to the old one; with the default (5 minutes) the same requests share one connection.
/// </summary>
public sealed class UpstreamLifetimeTests
{
    private const int Requests = 25;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool, bool> Cases => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Connection_PastItsLifetime_ReplacedAndNotUsedAgain(bool http2, bool oneSecond)
    {
        await using var backend = await EchoBackend.StartAsync("v1", http2Only: http2);
        var upstream = oneSecond ? UpstreamConnectionOptions.Default with { MaxLifetime = TimeSpan.FromSeconds(1) } : UpstreamConnectionOptions.Default;
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], upstream: upstream);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("v1", Prefix("/"), Service("v1", appProtocol: http2 ? "kubernetes.io/h2c" : null))))));
        using var client = proxy.Client(80);

        var ports = new List<int>();
        for (var i = 0; i < Requests; i++)
        {
            using var response = await client.GetAsync($"/{i}", Token);
            Assert.True(response.IsSuccessStatusCode, $"request {i}: {(int)response.StatusCode}");
            ports.Add(backend.Seen.Single(s => s.Target == $"/{i}").RemotePort);
            await Task.Delay(100, Token);
        }

        // Each connection carries one run of requests: once the next is in use, the one before is never used again.
        var runs = ports.Where((p, i) => i == 0 || p != ports[i - 1]).ToList();
        Assert.Equal(runs.Count, runs.Distinct().Count());
        if (oneSecond)
        {
            Assert.True(runs.Count >= 2, $"one connection for {Requests} requests over 2.5 s: {string.Join(",", ports)}");
        }
        else
        {
            Assert.Single(runs);
        }
    }
}
