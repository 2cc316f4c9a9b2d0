using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge;

/// <summary>
/// Hostile request targets against a node whose <c>/api</c> prefix is behind an IP filter that denies the test
/// client, next to an open <c>/</c> catch-all: every spelling of <c>/api</c> must meet the filter.
/// </summary>
public sealed class PathNormalizationProxyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("//api/x")]
    [InlineData("/%61pi/x")]
    [InlineData("/public/../api/x")]
    [InlineData("/public/%2e%2e/api/x")]
    [InlineData("///api//x")]
    public async Task ProtectedPrefix_SpelledOtherwise_MeetsItsPolicy(string target)
    {
        await using var web = await EchoBackend.StartAsync("web");
        await using var api = await EchoBackend.StartAsync("api");
        await using var proxy = await StartAsync(web, api, EdgePolicy.Default, denyApi: true);

        var hostile = await RawClient.SendAsync(proxy.LocalPort(80), $"GET {target} HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);
        var control = await RawClient.SendAsync(proxy.LocalPort(80), "GET /public/x HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(403, hostile.Status);
        Assert.Empty(api.Seen);
        Assert.Equal(200, control.Status);
        Assert.Equal("/public/x", Assert.Single(web.Seen).Target);
    }

    [Theory]
    [InlineData("//api/x?q=%2F", "/api/x?q=%2F")]
    [InlineData("/%61pi/./x/", "/api/x/")]
    [InlineData("/api/a/../%7euser/%3a", "/api/~user/%3A")]
    public async Task OpenPrefix_HostileTarget_IsMatchedAndForwardedNormalised(string target, string forwarded)
    {
        await using var web = await EchoBackend.StartAsync("web");
        await using var api = await EchoBackend.StartAsync("api");
        await using var proxy = await StartAsync(web, api, EdgePolicy.Default, denyApi: false);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), $"GET {target} HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(200, answer.Status);
        Assert.Equal(forwarded, Assert.Single(api.Seen).Target);
        Assert.Empty(web.Seen);
    }

    [Theory]
    [InlineData("/api%2Fx")]
    [InlineData("/api%2fx")]
    [InlineData("/api%5Cx")]
    [InlineData("/api/%zz")]
    [InlineData("/api/%4")]
    public async Task EscapedSlashOrBrokenEscape_ByDefault_Answers400WithoutBackend(string target)
    {
        await using var web = await EchoBackend.StartAsync("web");
        await using var api = await EchoBackend.StartAsync("api");
        await using var proxy = await StartAsync(web, api, EdgePolicy.Default, denyApi: false);

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), $"GET {target} HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(400, answer.Status);
        Assert.Empty(api.Seen);
        Assert.Empty(web.Seen);
    }

    [Fact]
    public async Task EscapedSlash_WhenKept_IsNotASeparator()
    {
        await using var web = await EchoBackend.StartAsync("web");
        await using var api = await EchoBackend.StartAsync("api");
        await using var proxy = await StartAsync(web, api, new EdgePolicy(EscapedSlashes: EscapedSlashAction.Keep), denyApi: false);

        // "/api%2Fx" is one segment: not under the "/api" prefix, so the catch-all serves it, still encoded.
        var answer = await RawClient.SendAsync(proxy.LocalPort(80), "GET /api%2fx HTTP/1.1\r\nHost: a.test\r\n\r\n", Token);

        Assert.Equal(200, answer.Status);
        Assert.Equal("/api%2Fx", Assert.Single(web.Seen).Target);
        Assert.Empty(api.Seen);
    }

    private static async Task<ProxyHost> StartAsync(EchoBackend web, EchoBackend api, EdgePolicy edge, bool denyApi)
    {
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(web, api), [80], edge: edge);
        var apiEntry = Entry("api", Prefix("/api"), Service("api"));
        if (denyApi)
        {
            apiEntry = apiEntry with
            {
                Policies = [new AppliedPolicy("proxypolicy/infra/ip", PolicyType.IPFilter, PolicyOrigin.Route, false, Mark, IpFilter: new IpFilterSettings(default, ["127.0.0.0/8"], default))],
            };
        }

        await proxy.ApplyAsync(Of(Http(80, Host("*", apiEntry, Entry("web", Prefix("/"), Service("web"))))));
        return proxy;
    }
}
