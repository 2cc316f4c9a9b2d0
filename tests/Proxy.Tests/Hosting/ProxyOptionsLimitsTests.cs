using GitGateway.Proxy.Hosting;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class ProxyOptionsLimitsTests
{
    [Fact]
    public void Parse_NoLimitFlags_TakesTheDocumentedDefaults()
    {
        var options = ProxyCommandLine.Parse(["--plan", "p.json"], out var error);

        Assert.Null(error);
        var limits = options!.Limits;
        Assert.Equal(10_000, limits.MaxConnectionsPerListener);
        Assert.Equal(50_000, limits.MaxConnectionsPerNode);
        Assert.Equal(250, limits.Http2MaxStreams);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), limits.KeepAliveTimeout);
        Assert.Equal(200, limits.MaxRequestHeaderCount);
        Assert.Equal(64 * 1024, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(45_000, limits.ShedConnectionsOrDefault);
        Assert.True(limits.ShedMemoryBytesOrDefault > 0);
    }

    [Theory]
    [InlineData("--max-connections", "0")]
    [InlineData("--http2-max-streams", "-1")]
    [InlineData("--keep-alive-timeout", "ten")]
    [InlineData("--max-request-headers-kb", "4096")]
    public void Parse_LimitOutOfRange_IsAnError(string flag, string value)
    {
        Assert.Null(ProxyCommandLine.Parse(["--plan", "p.json", flag, value], out var error));
        Assert.StartsWith(flag, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProxyProtocolOn_NeedsTrustedProxies()
    {
        Assert.Null(ProxyCommandLine.Parse(["--plan", "p.json", "--proxy-protocol", "on"], out var error));
        Assert.Contains("--trusted-proxies", error, StringComparison.Ordinal);

        var options = ProxyCommandLine.Parse(["--plan", "p.json", "--proxy-protocol", "on", "--trusted-proxies", "10.0.0.0/8"], out error);
        Assert.Null(error);
        Assert.True(options!.Edge.ProxyProtocol);
        Assert.False(ProxyCommandLine.Parse(["--plan", "p.json"], out _)!.Edge.ProxyProtocol);
    }
}
