using System.Net;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge;

/// <summary>
/// A client that claims to be someone else in forwarded headers, against the HTTP/1.1 pool path and the h2c
/// (HttpClient) path.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Spoofed = "GET /x HTTP/1.1\r\nHost: a.test\r\nX-Forwarded-For: 203.0.113.9, 198.51.100.7\r\n"
        + "X-Forwarded-Host: evil.test\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nForwarded: for=203.0.113.9\r\n"
        + "X-Real-IP: 203.0.113.9\r\nX-Kept: yes\r\n\r\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Edge_ClientForwardedHeaders_AreReplacedFromTheConnection(bool h2c)
    {
        await using var backend = await EchoBackend.StartAsync("v1", http2Only: h2c);
        await using var proxy = await StartAsync(backend, h2c, EdgePolicy.Default);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), Spoofed, Token);

        Assert.Equal(200, answer.Status);
        var seen = Assert.Single(backend.Seen).Headers;
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("a.test", seen["X-Forwarded-Host"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.Equal("80", seen["X-Forwarded-Port"]);
        Assert.False(seen.ContainsKey("Forwarded"));
        Assert.False(seen.ContainsKey("X-Real-IP"));
        Assert.Equal("yes", seen["X-Kept"]); // control: an ordinary header goes through
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrustedPeer_ForwardedHeaders_AreKeptAndAppendedTo(bool h2c)
    {
        await using var backend = await EchoBackend.StartAsync("v1", http2Only: h2c);
        await using var proxy = await StartAsync(backend, h2c, new EdgePolicy(TrustedProxies: [IPNetwork.Parse("127.0.0.0/8")], TrustedHops: 1));

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), Spoofed, Token);

        Assert.Equal(200, answer.Status);
        var seen = Assert.Single(backend.Seen).Headers;
        Assert.Equal("198.51.100.7, 127.0.0.1", seen["X-Forwarded-For"]); // one hop kept: the entry the balancer appended
        Assert.Equal("evil.test", seen["X-Forwarded-Host"]);
        Assert.Equal("https", seen["X-Forwarded-Proto"]);
        Assert.Equal("443", seen["X-Forwarded-Port"]);
        Assert.Equal("for=203.0.113.9", seen["Forwarded"]);
    }

    [Fact]
    public async Task UntrustedPeer_WithTrustedListElsewhere_IsTheEdge()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, false, new EdgePolicy(TrustedProxies: [IPNetwork.Parse("10.0.0.0/8")]));

        await RawClient.SendAsync(proxy.LocalPort(80), Spoofed, Token);

        Assert.Equal("127.0.0.1", Assert.Single(backend.Seen).Headers["X-Forwarded-For"]);
    }

    private static async Task<ProxyHost> StartAsync(EchoBackend backend, bool h2c, EdgePolicy edge)
    {
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], edge: edge);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1", appProtocol: h2c ? "kubernetes.io/h2c" : null))))));
        return proxy;
    }
}
