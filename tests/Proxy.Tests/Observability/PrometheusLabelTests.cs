using GitGateway.Fixtures.Metrics;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Tests.Observability;

public sealed class PrometheusLabelTests
{
    // A route id and a backend name from Git may hold any character a YAML string can.
    private const string HostileRoute = "httproute/team/a\"b\\c\nd{x=\"1\"}/rule/0/match/0";
    private const string HostileBackend = "ns/svc\n# TYPE evil counter\nevil 1";

    [Fact]
    public void Render_LabelValuesWithQuoteBackslashAndNewline_ParseBackToTheSameValues()
    {
        var metrics = new ProxyMetrics();
        metrics.RequestStarted();
        metrics.RequestFinished(HostileRoute, HostileBackend, 200, TimeSpan.FromMilliseconds(3));
        metrics.PlanApplied("sha256:\"\n");
        metrics.WafMatched(HostileRoute, 7);
        metrics.WafBlocked(HostileRoute);

        var (samples, types) = PrometheusText.Parse(metrics.Render());

        var request = Assert.Single(samples, s => s.Name == "gitgateway_proxy_requests_total");
        Assert.Equal(HostileRoute, request.Labels["route"]);
        Assert.Equal(HostileBackend, request.Labels["backend"]);
        Assert.Equal(1, request.Value);
        Assert.Equal(HostileRoute, Assert.Single(samples, s => s.Name == "gitgateway_proxy_request_duration_seconds_count").Labels["route"]);
        Assert.Equal(HostileRoute, Assert.Single(samples, s => s.Name == "gitgateway_waf_blocked_total").Labels["route"]);
        Assert.Equal("sha256:\"\n", Assert.Single(samples, s => s.Name == "gitgateway_proxy_plan_info").Labels["hash"]);
        Assert.DoesNotContain(samples, s => s.Name == "evil");
        Assert.Equal("histogram", types["gitgateway_proxy_request_duration_seconds"]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("\\n", "\\\\n")]
    public void Escape_SpecialCharacters_WrittenAsTheFormatRequires(string value, string expected) =>
        Assert.Equal(expected, PrometheusLabel.Escape(value));

    [Theory]
    [InlineData("m{a=\"x\ny\"} 1")]
    [InlineData("m{a=\"x\\ty\"} 1")]
    [InlineData("m{a=\"x} 1")]
    [InlineData("1m 1")]
    [InlineData("m{a=\"1\",a=\"2\"} 1")]
    [InlineData("m one")]
    [InlineData("# TYPE m counter\nm 1\n# TYPE m counter")]
    [InlineData("m 1\nm 2")]
    public void Parser_TextThatBreaksTheGrammar_IsRefused(string text) =>
        Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
}
