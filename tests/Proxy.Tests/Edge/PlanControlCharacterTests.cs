using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Forwarding.Http1;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge;

/// <summary>A plan from a compromised or buggy producer that would put CR/LF on the wire.</summary>
public sealed class PlanControlCharacterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, Filter> Hostile => new()
    {
        { "header value", new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: new HeaderModifier([new HeaderValue("X-Team", "a\r\nX-Admin: yes")], default, default)) },
        { "header name", new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: new HeaderModifier(default, [new HeaderValue("X-A\nB", "1")], default)) },
        { "response header", new Filter(FilterType.ResponseHeaderModifier, ResponseHeaderModifier: new HeaderModifier([new HeaderValue("Set-Cookie", "a=1\r\n\r\n<html>")], default, default)) },
        { "rewrite path", new Filter(FilterType.URLRewrite, UrlRewrite: new RewriteFilter(null, new PathModifier("ReplaceFullPath", "/x HTTP/1.1\r\nHost: evil\r\n\r\nGET /y"))) },
        { "rewrite host", new Filter(FilterType.URLRewrite, UrlRewrite: new RewriteFilter("a\0b", null)) },
        { "redirect", new Filter(FilterType.RequestRedirect, RequestRedirect: new RedirectFilter(null, "evil.test\r\nSet-Cookie: x=1", null, null, 302)) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Node_PlanWithControlCharacters_IsRefusedAndTheLastGoodPlanServes(string what, Filter filter)
    {
        await using var good = await EchoBackend.StartAsync("good");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(good), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("good"))))));
        var hostile = Of(Http(80, Host("*", Entry("r", new RouteMatch(Prefix("/"), null, default, default), [filter], Service("good")))));

        var report = await proxy.Node.ApplyAsync(hostile, Token);
        using var client = proxy.Client(80);
        var (served, _) = await Requests.GetAsync(client, "/x");

        Assert.False(report.Accepted, what);
        Assert.Contains("control character", report.Error, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
        Assert.DoesNotContain(Assert.Single(good.Seen).Headers, h => h.Key is "X-Admin" or "X-Team");
    }

    [Fact]
    public async Task Node_PlanWithATabInAHeaderValue_IsAccepted()
    {
        await using var good = await EchoBackend.StartAsync("good");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(good), [80]);
        var filter = new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: new HeaderModifier([new HeaderValue("X-Team", "a\tb")], default, default));

        var report = await proxy.Node.ApplyAsync(Of(Http(80, Host("*", Entry("r", new RouteMatch(Prefix("/"), null, default, default), [filter], Service("good"))))), Token);

        Assert.True(report.Accepted, report.Error);
    }

    [Theory]
    [InlineData("/x\r\nX-Injected: 1")]
    [InlineData("/x HTTP/1.1")]
    [InlineData("/x\0")]
    public void Http1Writer_TargetWithControlCharacters_IsNeverWritten(string pathAndQuery)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        using var head = new Http1HeadBuilder();

        Assert.Throws<HttpRequestException>(() => Http1RequestWriter.Write(context, new UpstreamTarget("", pathAndQuery, "b.test", "a.test", false, null), false, head));
        Assert.Equal(0, head.Length);
    }

    [Fact]
    public void Http1Writer_HeaderNameOrValueWithCrLf_IsLeftOut()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers["X-Ok"] = "1";
        context.Request.Headers["X-Bad"] = "1\r\nX-Injected: 2";
        context.Request.Headers["X-Bad\r\nX-Name"] = "3";
        using var head = new Http1HeadBuilder();

        Http1RequestWriter.Write(context, new UpstreamTarget("", "/x", "b.test", "a.test", false, null), false, head);

        var text = Encoding.Latin1.GetString(head.Written.Span);
        Assert.Contains("X-Ok: 1\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Name", text, StringComparison.Ordinal);
    }
}
