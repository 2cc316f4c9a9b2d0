using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class HttpForwardingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forward_TargetWithEscapes_ArrivesNormalisedWithRawQueryAndHost()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], edge: new EdgePolicy(EscapedSlashes: EscapedSlashAction.Keep));
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/p"), Service("v1"))))));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.LocalPort(80), Token);
        var stream = tcp.GetStream();
        const string target = "/p/a%2Fb%7e?q=a%20b&r=%2F&s";
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: example.com:1234\r\nConnection: close\r\n\r\n"), Token);
        var text = await new StreamReader(stream).ReadToEndAsync(Token);
        var echo = JsonSerializer.Deserialize<EchoReply>(Requests.Body(text))!;

        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Equal("/p/a%2Fb~?q=a%20b&r=%2F&s", echo.Target); // %7e is unreserved: decoded; %2F kept; the query as sent
        Assert.Equal("example.com:1234", echo.Host);
        var seen = Assert.Single(backend.Seen);
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        Assert.Equal("example.com:1234", seen.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task Forward_NoRouteOrUnresolvedOrDirect_AnswersTheSpecStatuses()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var direct = Entry("direct", Exact("/direct")) with { DirectResponse = new DirectResponse(503, "down") };
        await proxy.ApplyAsync(Of(Http(80, Host("*",
            Entry("unresolved", Prefix("/unresolved"), Service("gone", unresolved: "BackendNotFound")),
            Entry("zero", Prefix("/zero"), Service("v1", weight: 0)),
            direct,
            Entry("ok", Prefix("/ok"), Service("v1"))))));
        using var client = proxy.Client(80);

        Assert.Equal(HttpStatusCode.NotFound, (await Requests.GetAsync(client, "/nothing")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await Requests.GetAsync(client, "/unresolved")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await Requests.GetAsync(client, "/zero")).Response.StatusCode);
        var (response, _) = await Requests.GetAsync(client, "/direct");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("down", await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(HttpStatusCode.OK, (await Requests.GetAsync(client, "/ok")).Response.StatusCode);
    }

    [Fact]
    public async Task Forward_TwoWeightedBackends_BothReceiveTraffic()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1", 3), Service("v2", 1))))));
        using var client = proxy.Client(80);

        var names = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            names.Add((await Requests.GetAsync(client, "/")).Echo!.Name);
        }

        var v1Share = names.Count(n => n == "v1");
        Assert.InRange(v1Share, 110, 190); // 150 expected; bounds are many standard deviations wide
        Assert.Equal(200 - v1Share, names.Count(n => n == "v2"));
    }

    [Fact]
    public async Task Forward_BackendDown_Answers503AndSlowBackend504()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        var backends = ProxyHost.Backends(backend);
        backends["infra/down:8080"] = [$"127.0.0.1:{GitGateway.Fixtures.Ports.FreeTcp()}"];
        await using var proxy = await ProxyHost.StartAsync(backends, [80]);
        var slow = Entry("slow", Prefix("/slow"), Service("v1")) with { Timeouts = new RouteTimeouts(null, 200) };
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("down", Prefix("/down"), Service("down")), slow))));
        using var client = proxy.Client(80);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Requests.GetAsync(client, "/down")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await Requests.GetAsync(client, "/slow?delay=3000")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Requests.GetAsync(client, "/slow?delay=1")).Response.StatusCode);
    }

    [Fact]
    public async Task Forward_RetryOnCode_TriesAgainThenAnswersLastStatus()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var entry = Entry("r", Prefix("/"), Service("v1")) with { Retry = new RetryPolicy(2, [503], true, 10, null) };
        await proxy.ApplyAsync(Of(Http(80, Host("*", entry))));
        using var client = proxy.Client(80);

        var (response, _) = await Requests.GetAsync(client, "/status/503");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, backend.Seen.Count);
    }

    [Fact]
    public async Task Forward_LargeUpload_StreamsBothWaysIntact()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1"))))));
        using var client = proxy.Client(80);
        var body = new byte[8 * 1024 * 1024];
        Random.Shared.NextBytes(body);

        using var response = await client.PostAsync("/upload", new ByteArrayContent(body), Token);
        var echoed = await response.Content.ReadAsByteArrayAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, echoed.Length);
        Assert.True(body.AsSpan().SequenceEqual(echoed));
    }

    [Fact]
    public async Task Forward_H2cClient_ServedOverHttp2AndBackendOverHttp11()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1"))))));
        using var h2 = proxy.Client(80, HttpVersion.Version20);
        using var h1 = proxy.Client(80);

        var (response2, echo2) = await Requests.GetAsync(h2, "/two", "example.com");
        var (response1, echo1) = await Requests.GetAsync(h1, "/one", "example.com");

        Assert.Equal(HttpVersion.Version20, response2.Version);
        Assert.Equal("HTTP/1.1", echo2!.Protocol);
        Assert.Equal("example.com", echo2.Host);
        Assert.Equal(HttpVersion.Version11, response1.Version);
        Assert.Equal("/one", echo1!.Target);
    }

    [Fact]
    public async Task Forward_H2cAppProtocol_UsesHttp2PriorKnowledgeUpstream()
    {
        await using var backend = await EchoBackend.StartAsync("h2", http2Only: true);
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("h2", appProtocol: "kubernetes.io/h2c"))))));
        using var client = proxy.Client(80);

        var (response, echo) = await Requests.GetAsync(client, "/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", echo!.Protocol);
    }
}
