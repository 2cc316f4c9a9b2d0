using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Routing;

/// <summary>Regex routes indexed under their literal start: same answers as trying every pattern, fewer tries.</summary>
public sealed class RegexLiteralPrefixTests
{
    [Theory]
    [InlineData("/team-1/r1/v[0-9]+/(items|orders)", "/team-1/r1/v")]
    [InlineData("/api/ab?c", "/api/a")]
    [InlineData("/api/a+", "/api/")]
    [InlineData("/api/x{2}", "/api/")]
    [InlineData("/a/x|/b/y", "")]
    [InlineData("/a/(x|y)", "/a/")]
    [InlineData("/a/[|]|/b", "")]
    [InlineData("/a/b(?#c(|)|/z", "")]
    [InlineData("(?i)/Api", "")]
    [InlineData("/a\\.b", "/a")]
    [InlineData(".*/x", "")]
    public void Of_Pattern_IsTheTextEveryMatchStartsWith(string pattern, string prefix)
    {
        Assert.Equal(prefix, RegexLiteralPrefix.Of(pattern));
    }

    [Fact]
    public void Select_RegexRoutesIndexedUnderTheirPrefix_SameAnswersAsBefore()
    {
        var table = new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System).Compile(Of(Http(80, Host("*",
            Entry("exact", Exact("/team-1/r1/v1/items/a"), Service("s")),
            Entry("deep", Regex("/team-1/r1/v[0-9]+/(items|orders)/[a-z]+"), Service("s")),
            Entry("either", Regex("/x/[0-9]+|/team-1/r1/w"), Service("s")),
            Entry("shallow", Regex("/te[a-z]+-1/r2/.*"), Service("s")),
            Entry("prefix", Prefix("/team-1/r1"), Service("s")),
            Entry("root", Prefix("/"), Service("s"))))), "t");

        Assert.Equal("exact", Route(table, "/team-1/r1/v1/items/a"));
        Assert.Equal("deep", Route(table, "/team-1/r1/v2/orders/b"));
        Assert.Equal("either", Route(table, "/x/12"));
        Assert.Equal("either", Route(table, "/team-1/r1/w"));
        Assert.Equal("shallow", Route(table, "/team-1/r2/v2/orders/b"));
        Assert.Equal("prefix", Route(table, "/team-1/r1/v2/orders/B"));
        Assert.Equal("prefix", Route(table, "/team-1/r1"));
        Assert.Equal("root", Route(table, "/other"));
    }

    private static string? Route(RouteTable table, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.Headers.Host = "example.com";
        return RouteSelector.Select(table, 80, context, tls: false).Entry?.Entry.Route.Name;
    }
}
