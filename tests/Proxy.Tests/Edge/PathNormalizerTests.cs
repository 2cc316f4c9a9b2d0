using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Tests.Edge;

public sealed class PathNormalizerTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("//", "/")]
    [InlineData("/a//b///c", "/a/b/c")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/b/.", "/a/b/")]
    [InlineData("/a/%2E%2E/b", "/b")]
    [InlineData("/%41%7a%2d%5F%7E%2e", "/Az-_~.")]
    [InlineData("/a%20b%3a%c3%a9", "/a%20b%3A%C3%A9")]
    [InlineData("/%25%32%46", "/%252F")]
    [InlineData("/.well-known/x", "/.well-known/x")]
    [InlineData("/a..b/.c/..d", "/a..b/.c/..d")]
    [InlineData("/a/...", "/a/...")]
    public void Normalize_Path_GivesRfc3986Form(string raw, string expected)
    {
        Assert.Equal(expected, PathNormalizer.Normalize(raw, EscapedSlashAction.Reject));
        Assert.Equal(expected, PathNormalizer.Normalize(expected, EscapedSlashAction.Reject));
    }

    [Theory]
    [InlineData("/a%2Fb")]
    [InlineData("/a%5cb")]
    [InlineData("/a\\b")]
    [InlineData("/a%")]
    [InlineData("/a%g0")]
    [InlineData("/a b")]
    [InlineData("/a\u0001")]
    [InlineData("/caf\u00e9")]
    [InlineData("/../../a")]
    [InlineData("/..")]
    [InlineData("/a/../../b")]
    [InlineData("/a/%2e%2e/%2E%2E/b")]
    public void Normalize_Unnormalisable_GivesNull(string raw) =>
        Assert.Null(PathNormalizer.Normalize(raw, EscapedSlashAction.Reject));

    [Fact]
    public void RequestHeaderHygiene_ConnectionNamedHeader_IsRemoved()
    {
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary { ["Connection"] = "close, X-Hop", ["X-Hop"] = "1", ["X-End"] = "2" };

        Assert.True(GitGateway.Proxy.Forwarding.RequestHeaderHygiene.Apply(headers, GitGateway.Proxy.Forwarding.UnderscoreHeaderAction.Drop));

        Assert.False(headers.ContainsKey("X-Hop"));
        Assert.True(headers.ContainsKey("X-End"));
    }

    [Fact]
    public void Normalize_EscapedSlashKept_StaysEncodedUpperCase() =>
        Assert.Equal("/a%2Fb%5C", PathNormalizer.Normalize("/a%2fb%5c", EscapedSlashAction.Keep));

    [Fact]
    public void TryNormalizeTarget_NormalPathWithQuery_ReusesTheStringsItWasGiven()
    {
        const string raw = "/api/users?id=1";
        var decoded = "/api/users";

        Assert.True(PathNormalizer.TryNormalizeTarget(raw, decoded, EscapedSlashAction.Reject, out var path, out var pathAndQuery));

        Assert.Same(decoded, path);
        Assert.Same(raw, pathAndQuery);
    }

    [Fact]
    public void TryNormalizeTarget_HostilePathWithQuery_KeepsTheRawQuery()
    {
        Assert.True(PathNormalizer.TryNormalizeTarget("//a/../b?x=/../%2F", null, EscapedSlashAction.Reject, out var path, out var pathAndQuery));

        Assert.Equal("/b", path);
        Assert.Equal("/b?x=/../%2F", pathAndQuery);
    }
}
