using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Filters;

public sealed class FilterForwardingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RouteEntry With(string id, PathMatch path, Filter[] filters, params Backend[] backends) =>
        Entry(id, new RouteMatch(path, null, default, default), filters, backends);

    [Fact]
    public async Task HeaderModifiers_SetAddRemove_ApplyToRequestAndResponse()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var request = new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: new HeaderModifier([new HeaderValue("X-Set", "set")], [new HeaderValue("X-Add", "added")], ["X-Remove"]));
        var response = new Filter(FilterType.ResponseHeaderModifier, ResponseHeaderModifier: new HeaderModifier([new HeaderValue("X-Resp-Set", "s")], default, ["X-Drop"]));
        await proxy.ApplyAsync(Of(Http(80, Host("*", With("r", Prefix("/"), [request, response], Service("v1"))))));
        using var client = proxy.Client(80);

        var (reply, _) = await Requests.GetAsync(client, "/", configure: m =>
        {
            m.Headers.Add("X-Set", "original");
            m.Headers.Add("X-Add", "first");
            m.Headers.Add("X-Remove", "gone");
            m.Headers.Add("X-Echo-Set-Header", "X-Drop:1,X-Keep:2");
        });

        var seen = Assert.Single(backend.Seen);
        Assert.Equal("set", seen.Headers["X-Set"]);
        Assert.Equal("first,added", seen.Headers["X-Add"]);
        Assert.False(seen.Headers.ContainsKey("X-Remove"));
        Assert.Equal("s", reply.Headers.GetValues("X-Resp-Set").Single());
        Assert.False(reply.Headers.Contains("X-Drop"));
        Assert.Equal("2", reply.Headers.GetValues("X-Keep").Single());
    }

    [Fact]
    public async Task RequestRedirect_SchemeAndPrefix_AnswersLocationWithoutTouchingBackend()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var redirect = new Filter(FilterType.RequestRedirect, RequestRedirect: new RedirectFilter("https", "secure.example.com", null, new PathModifier("ReplacePrefixMatch", "/v2"), 301));
        await proxy.ApplyAsync(Of(Http(80, Host("*", With("r", Prefix("/v1"), [redirect])))));
        using var client = proxy.Client(80);

        var (response, _) = await Requests.GetAsync(client, "/v1/items?page=2", "example.com");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://secure.example.com/v2/items?page=2", response.Headers.Location!.OriginalString);
        Assert.Empty(backend.Seen);
    }

    [Fact]
    public async Task UrlRewrite_HostnameAndPrefix_BackendSeesRewrittenRequest()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var rewrite = new Filter(FilterType.URLRewrite, UrlRewrite: new RewriteFilter("internal.example.com", new PathModifier("ReplacePrefixMatch", "/")));
        await proxy.ApplyAsync(Of(Http(80, Host("*", With("r", Prefix("/api"), [rewrite], Service("v1"))))));
        using var client = proxy.Client(80);

        var (_, echo) = await Requests.GetAsync(client, "/api/users/7?x=1", "example.com");

        Assert.Equal("/users/7?x=1", echo!.Target);
        Assert.Equal("internal.example.com", echo.Host);
    }

    [Fact]
    public async Task RequestMirror_TwoMirrors_EachReceivesACopy()
    {
        await using var primary = await EchoBackend.StartAsync("v1");
        await using var mirrorA = await EchoBackend.StartAsync("m1");
        await using var mirrorB = await EchoBackend.StartAsync("m2");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(primary, mirrorA, mirrorB), [80]);
        Filter[] mirrors =
        [
            new(FilterType.RequestMirror, RequestMirror: new MirrorFilter(Service("m1"), 1, 1)),
            new(FilterType.RequestMirror, RequestMirror: new MirrorFilter(Service("m2"), 100, 100)),
        ];
        await proxy.ApplyAsync(Of(Http(80, Host("*", With("r", Prefix("/"), mirrors, Service("v1"))))));
        using var client = proxy.Client(80);

        var (response, echo) = await Requests.GetAsync(client, "/mirrored?id=1");

        Assert.Equal("v1", echo!.Name);
        await Eventually(() => !mirrorA.Seen.IsEmpty && !mirrorB.Seen.IsEmpty);
        Assert.Equal("/mirrored?id=1", mirrorA.Seen.Single().Target);
        Assert.Equal("/mirrored?id=1", mirrorB.Seen.Single().Target);
    }

    [Fact]
    public async Task Cors_PreflightAndSimpleRequest_AnsweredPerAllowedOrigins()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var cors = new Filter(FilterType.CORS, Cors: new CorsFilter(["https://www.foo.com", "https://*.bar.com"], ["GET", "OPTIONS"], ["x-header-1"], ["x-header-3"], true, 3600));
        await proxy.ApplyAsync(Of(Http(80, Host("*", With("r", Prefix("/"), [cors], Service("v1"))))));
        using var client = proxy.Client(80);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/cors");
        preflight.Headers.Add("Origin", "https://a.www.bar.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answer = await client.SendAsync(preflight, Token);
        var (simple, _) = await Requests.GetAsync(client, "/cors", configure: m => m.Headers.Add("Origin", "https://www.foo.com"));
        var (denied, _) = await Requests.GetAsync(client, "/cors", configure: m => m.Headers.Add("Origin", "https://evil.com"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("https://a.www.bar.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET, OPTIONS", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("3600", answer.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.DoesNotContain(backend.Seen, s => s.Method == "OPTIONS"); // the proxy answered the preflight
        Assert.Equal("https://www.foo.com", simple.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", simple.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Policies_RateLimitAndIpFilter_Answer429And403()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var limited = Entry("limited", Prefix("/limited"), Service("v1")) with
        {
            Policies = [new AppliedPolicy("proxypolicy/infra/rl", PolicyType.RateLimit, PolicyOrigin.Route, false, Mark, RateLimit: new RateLimitSettings(1, 2, "source-ip"))],
        };
        var blocked = Entry("blocked", Prefix("/blocked"), Service("v1")) with
        {
            Policies = [new AppliedPolicy("proxypolicy/infra/ip", PolicyType.IPFilter, PolicyOrigin.Route, false, Mark, IpFilter: new IpFilterSettings(default, ["127.0.0.0/8"], default))],
        };
        await proxy.ApplyAsync(Of(Http(80, Host("*", limited, blocked))));
        using var client = proxy.Client(80);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Requests.GetAsync(client, "/limited")).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.Forbidden, (await Requests.GetAsync(client, "/blocked")).Response.StatusCode);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, Token);
        }

        Assert.True(condition());
    }
}
