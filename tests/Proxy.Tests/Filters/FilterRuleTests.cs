using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;

namespace GitGateway.Proxy.Tests.Filters;

public sealed class FilterRuleTests
{
    [Theory]
    [InlineData("/foo", "/xyz", "/foo/bar", "/xyz/bar")]
    [InlineData("/foo", "/xyz", "/foo", "/xyz")]
    [InlineData("/foo", "/xyz/", "/foo/bar", "/xyz/bar")]
    [InlineData("/foo/", "/xyz", "/foo/bar", "/xyz/bar")]
    [InlineData("/foo", "/", "/foo/bar", "/bar")]
    [InlineData("/foo", "/", "/foo", "/")]
    [InlineData("/foo", "/xyz", "/foo/", "/xyz/")]
    [InlineData("/", "/xyz", "/bar", "/xyz/bar")]
    public void ReplacePrefixMatch_GatewayApiExamples_RewriteOnSegments(string prefix, string replacement, string path, string expected)
    {
        var rewritten = PathRewriter.Rewrite(new PathModifier("ReplacePrefixMatch", replacement), path, prefix);

        Assert.Equal(expected, rewritten);
    }

    [Fact]
    public void ReplaceFullPath_AnyPath_ReplacesWholePath()
    {
        Assert.Equal("/new", PathRewriter.Rewrite(new PathModifier("ReplaceFullPath", "/new"), "/old/deep", "/old"));
    }

    [Theory]
    [InlineData("https", null, null, "http", 80, "https://example.com/p")]
    [InlineData("https", null, 8443, "http", 80, "https://example.com:8443/p")]
    [InlineData(null, null, null, "http", 8080, "http://example.com:8080/p")]
    [InlineData(null, null, 443, "https", 8443, "https://example.com/p")]
    [InlineData(null, "other.org", null, "http", 80, "http://other.org/p")]
    [InlineData("http", null, null, "https", 443, "http://example.com/p")]
    public void RedirectLocation_PortRules_FollowTheSpecDefaults(string? scheme, string? hostname, int? port, string requestScheme, int listenerPort, string expected)
    {
        var redirect = new RedirectFilter(scheme, hostname, port, null, 302);

        var location = RedirectBuilder.Location(redirect, requestScheme, "example.com", listenerPort, "/p", "", null);

        Assert.Equal(expected, location);
    }

    [Fact]
    public void RedirectLocation_PrefixPathAndQuery_RewritesPathKeepsQuery()
    {
        var redirect = new RedirectFilter(null, null, null, new PathModifier("ReplacePrefixMatch", "/new"), 301);

        var location = RedirectBuilder.Location(redirect, "http", "example.com", 80, "/old/x", "?a=1", "/old");

        Assert.Equal("http://example.com/new/x?a=1", location);
    }
}
