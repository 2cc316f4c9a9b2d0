using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Routing;

public sealed class RouteSelectorTests
{
    private static RouteTable Compile(RoutingPlan plan) =>
        new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System).Compile(plan, "test");

    private static string? Route(RouteTable table, string path, string host = "example.com", string method = "GET", string? query = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Headers.Host = host;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        var selection = RouteSelector.Select(table, 80, context, tls: false);
        return selection.Entry?.Entry.Route.Name ?? selection.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Select_EntriesInPrecedenceOrder_FirstMatchingEntryWins()
    {
        var table = Compile(Of(Http(80, Host("*",
            Entry("exact", Exact("/a"), Service("s")),
            Entry("prefix-a", Prefix("/a"), Service("s")),
            Entry("root", Prefix("/"), Service("s"))))));

        Assert.Equal("exact", Route(table, "/a"));
        Assert.Equal("prefix-a", Route(table, "/a/b"));
        Assert.Equal("prefix-a", Route(table, "/a/"));
        Assert.Equal("root", Route(table, "/ab"));
        Assert.Equal("root", Route(table, "/"));
    }

    [Fact]
    public void Select_PathPrefixWithTrailingSlash_MatchesOnSegmentBoundariesOnly()
    {
        var table = Compile(Of(Http(80, Host("*", Entry("foo", Prefix("/foo/"), Service("s"))))));

        Assert.Equal("foo", Route(table, "/foo"));
        Assert.Equal("foo", Route(table, "/foo/bar"));
        Assert.Equal("404", Route(table, "/foobar"));
        Assert.Equal("404", Route(table, "/fo"));
    }

    [Fact]
    public void Select_RegexEntryBeforeExact_LowerIndexWinsAcrossIndexes()
    {
        var table = Compile(Of(Http(80, Host("*",
            Entry("regex", Regex("/a/[0-9]+"), Service("s")),
            Entry("exact", Exact("/a/1"), Service("s")),
            Entry("exact2", Exact("/a/x"), Service("s"))))));

        Assert.Equal("regex", Route(table, "/a/1"));
        Assert.Equal("exact2", Route(table, "/a/x"));
        Assert.Equal("404", Route(table, "/a/1/2"));
    }

    [Fact]
    public void Select_HeaderMethodAndQueryConditions_AllMustHold()
    {
        var match = new RouteMatch(
            Prefix("/"),
            "POST",
            [new StringMatch(MatchKind.Exact, "X-Version", "2"), new StringMatch(MatchKind.RegularExpression, "X-Team", "a.*")],
            [new StringMatch(MatchKind.Exact, "debug", "1")]);
        var table = Compile(Of(Http(80, Host("*",
            Entry("strict", match, default, Service("s")),
            Entry("fallback", Prefix("/"), Service("s"))))));

        Assert.Equal("strict", Route(table, "/x", method: "POST", query: "?debug=1", headers: [("x-version", "2"), ("X-Team", "alpha")]));
        Assert.Equal("fallback", Route(table, "/x", method: "GET", query: "?debug=1", headers: [("x-version", "2"), ("X-Team", "alpha")]));
        Assert.Equal("fallback", Route(table, "/x", method: "POST", query: "?debug=2", headers: [("x-version", "2"), ("X-Team", "alpha")]));
        Assert.Equal("fallback", Route(table, "/x", method: "POST", query: "?debug=1", headers: [("x-version", "2"), ("X-Team", "beta")]));
        Assert.Equal("fallback", Route(table, "/x", method: "POST", query: "?debug=1", headers: [("X-Team", "alpha")]));
    }

    [Fact]
    public void Select_QueryParamNames_CompareCaseSensitively()
    {
        var lower = new RouteMatch(Prefix("/"), null, default, [new StringMatch(MatchKind.Exact, "animal", "whale")]);
        var upper = new RouteMatch(Prefix("/"), null, default, [new StringMatch(MatchKind.Exact, "ANIMAL", "Whale")]);
        var table = Compile(Of(Http(80, Host("*", Entry("lower", lower, default, Service("s")), Entry("upper", upper, default, Service("s"))))));

        Assert.Equal("lower", Route(table, "/", query: "?animal=whale&x=1"));
        Assert.Equal("upper", Route(table, "/", query: "?ANIMAL=Whale"));
        Assert.Equal("404", Route(table, "/", query: "?Animal=whale"));
        Assert.Equal("lower", Route(table, "/", query: "?a%6Eimal=wh%61le"));
    }

    [Fact]
    public void Select_VirtualHosts_ExactThenLongestWildcardThenCatchAll()
    {
        var table = Compile(Of(Http(80,
            Host("api.example.com", Entry("exact", Prefix("/"), Service("s"))),
            Host("*.example.com", Entry("wild", Prefix("/"), Service("s"))),
            Host("*.b.example.com", Entry("wild-b", Prefix("/"), Service("s"))),
            Host("*", Entry("any", Prefix("/"), Service("s"))))));

        Assert.Equal("exact", Route(table, "/", host: "API.example.com:8080"));
        Assert.Equal("wild", Route(table, "/", host: "x.example.com"));
        Assert.Equal("wild-b", Route(table, "/", host: "x.b.example.com"));
        Assert.Equal("wild", Route(table, "/", host: "x.y.example.com"));
        Assert.Equal("any", Route(table, "/", host: "example.com"));
    }

    [Fact]
    public void Select_ListenersOnOnePort_ChosenByHostname()
    {
        var table = Compile(Of(
            Listener("a", 80, ListenerProtocol.HTTP, "a.example.com", null, [Host("a.example.com", Entry("a", Prefix("/"), Service("s")))]),
            Listener("wild", 80, ListenerProtocol.HTTP, "*.example.com", null, [Host("*.example.com", Entry("wild", Prefix("/"), Service("s")))])));

        Assert.Equal("a", Route(table, "/", host: "a.example.com"));
        Assert.Equal("wild", Route(table, "/", host: "b.example.com"));
        Assert.Equal("404", Route(table, "/", host: "other.org"));
    }

    [Fact]
    public void Select_TenThousandExactRoutes_FindsEachByDictionary()
    {
        var entries = Enumerable.Range(0, 10_000).Select(i => Entry($"r{i}", Exact($"/svc/{i}/items"), Service("s"))).ToArray();
        var table = Compile(Of(Http(80, Host("*", entries))));

        Assert.Equal("r0", Route(table, "/svc/0/items"));
        Assert.Equal("r9999", Route(table, "/svc/9999/items"));
        Assert.Equal("404", Route(table, "/svc/10000/items"));
    }

    [Fact]
    public void Compile_InvalidRegex_ThrowsRouteCompileException()
    {
        var plan = Of(Http(80, Host("*", Entry("bad", Regex("(unclosed"), Service("s")))));

        Assert.Throws<RouteCompileException>(() => Compile(plan));
    }
}
