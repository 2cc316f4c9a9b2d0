using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge;

public sealed class HeaderHygieneTests
{
    private const string WithUnderscore = "GET /x HTTP/1.1\r\nHost: a.test\r\nX_Forwarded_Team: admins\r\nX-Team: web\r\n\r\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnderscoreHeader_ByDefault_IsDropped()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, EdgePolicy.Default);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), WithUnderscore, Token);

        Assert.Equal(200, answer.Status);
        var seen = Assert.Single(backend.Seen).Headers;
        Assert.False(seen.ContainsKey("X_Forwarded_Team"));
        Assert.Equal("web", seen["X-Team"]);
    }

    [Fact]
    public async Task UnderscoreHeader_WhenRejected_Answers400()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, new EdgePolicy(UnderscoreHeaders: UnderscoreHeaderAction.Reject));

        var hostile = await RawClient.SendAsync(proxy.LocalPort(80), WithUnderscore, Token);
        var control = await RawClient.SendAsync(proxy.LocalPort(80), "GET /x HTTP/1.1\r\nHost: a.test\r\nX-Team: web\r\n\r\n", Token);

        Assert.Equal(400, hostile.Status);
        Assert.Equal(200, control.Status);
        Assert.Single(backend.Seen);
    }

    [Fact]
    public async Task UnderscoreHeader_WhenAllowed_IsForwarded()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, new EdgePolicy(UnderscoreHeaders: UnderscoreHeaderAction.Allow));

        await RawClient.SendAsync(proxy.LocalPort(80), WithUnderscore, Token);

        Assert.Equal("admins", Assert.Single(backend.Seen).Headers["X_Forwarded_Team"]);
    }

    [Fact]
    public async Task HeaderNamedInConnection_IsNotForwarded()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, EdgePolicy.Default);

        using var client = proxy.Client(80);
        var (answer, _) = await Requests.GetAsync(client, "/x", "a.test", request =>
        {
            request.Headers.Connection.Add("X-Hop");
            request.Headers.Add("X-Hop", "1");
            request.Headers.Add("X-End", "2");
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        var seen = Assert.Single(backend.Seen).Headers;
        Assert.False(seen.ContainsKey("X-Hop"));
        Assert.Equal("2", seen["X-End"]);
    }

    private static async Task<ProxyHost> StartAsync(EchoBackend backend, EdgePolicy edge)
    {
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], edge: edge);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1"))))));
        return proxy;
    }
}
