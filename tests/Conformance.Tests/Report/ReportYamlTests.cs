using GitGateway.Conformance.Tests.Cases;

namespace GitGateway.Conformance.Tests.Report;

/// <summary>The ConformanceReport writer on hand-made results: profile membership, results, features, provisional tests.</summary>
public sealed class ReportYamlTests
{
    private static readonly Dictionary<string, ConformanceCase> Cases = new(StringComparer.Ordinal)
    {
        ["CoreFails"] = Case("CoreFails", false, "Gateway", "HTTPRoute"),
        ["CorsPasses"] = Case("CorsPasses", false, "Gateway", "HTTPRoute", "HTTPRouteCORS"),
        ["RetrySkipped"] = Case("RetrySkipped", false, "Gateway", "HTTPRoute", "HTTPRouteRetry"),
        ["UdpPasses"] = Case("UdpPasses", true, "Gateway", "UDPRoute"),
        ["TlsPasses"] = Case("TlsPasses", false, "Gateway", "TLSRoute"),
    };

    private static readonly Dictionary<string, CaseResult> Results = new(StringComparer.Ordinal)
    {
        ["CoreFails"] = CaseResult.Failed,
        ["CorsPasses"] = CaseResult.Passed,
        ["RetrySkipped"] = CaseResult.Skipped,
        ["UdpPasses"] = CaseResult.Passed,
        ["TlsPasses"] = CaseResult.Passed,
    };

    [Fact]
    public void Write_CoreFailedExtendedSkipped_FailureAndPartialWithSupportedFeaturesOfPassingTestsOnly()
    {
        var http = Profile(ReportYaml.Write(Results, Cases, DateTimeOffset.UnixEpoch), "GATEWAY-HTTP");
        Assert.Contains("- core:\n" + Outcome("failure", 1, 0, 0), http, StringComparison.Ordinal);
        Assert.Contains("  extended:\n" + Outcome("partial", 0, 1, 1), http, StringComparison.Ordinal);
        Assert.Contains("    supportedFeatures:\n    - HTTPRouteCORS\n    unsupportedFeatures:\n", http, StringComparison.Ordinal);
        Assert.Contains("    - HTTPRouteRetry\n", http, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TestOfNoProfileAndProvisional_OnlyInSucceededProvisionalTests()
    {
        var report = ReportYaml.Write(Results, Cases, DateTimeOffset.UnixEpoch);
        var tls = Profile(report, "GATEWAY-TLS");
        Assert.Contains("- core:\n" + Outcome("success", 0, 1, 0), tls, StringComparison.Ordinal);
        Assert.EndsWith("succeededProvisionalTests:\n- UdpPasses\n", report, StringComparison.Ordinal);
        Assert.Contains("kind: ConformanceReport\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GatewayFeatureTestedOnlyWithHttpRoute_SupportedInEveryProfileAndUnsupportedWhenItFails()
    {
        var cases = new Dictionary<string, ConformanceCase>(Cases, StringComparer.Ordinal)
        {
            ["Port8080"] = Case("Port8080", false, "Gateway", "HTTPRoute", "GatewayPort8080"),
        };
        var passed = new Dictionary<string, CaseResult>(Results, StringComparer.Ordinal) { ["Port8080"] = CaseResult.Passed };
        var failed = new Dictionary<string, CaseResult>(Results, StringComparer.Ordinal) { ["Port8080"] = CaseResult.Failed };

        var tls = Profile(ReportYaml.Write(passed, cases, DateTimeOffset.UnixEpoch), "GATEWAY-TLS");
        var tlsWhenFailed = Profile(ReportYaml.Write(failed, cases, DateTimeOffset.UnixEpoch), "GATEWAY-TLS");

        Assert.Contains("    supportedFeatures:\n    - GatewayPort8080\n", tls, StringComparison.Ordinal);
        Assert.DoesNotContain("    supportedFeatures:\n    - GatewayPort8080\n", tlsWhenFailed, StringComparison.Ordinal);
        Assert.Contains("    - GatewayPort8080\n", tlsWhenFailed, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutDate_TwoRunsOnDifferentDays_Equal()
    {
        var first = ReportYaml.Write(Results, Cases, DateTimeOffset.UnixEpoch);
        var second = ReportYaml.Write(Results, Cases, DateTimeOffset.UnixEpoch.AddDays(3));
        Assert.NotEqual(first, second);
        Assert.Equal(ReportYaml.WithoutDate(first), ReportYaml.WithoutDate(second));
    }

    private static string Profile(string report, string name) =>
        report.Split("\n- core:").Select(b => "- core:" + b).Single(b => b.Split('\n').Contains("  name: " + name));

    /// <summary>A conformance level's result and statistics lines, as the report writes them.</summary>
    private static string Outcome(string result, int failed, int passed, int skipped) =>
        $"    result: {result}\n    statistics:\n      Failed: {failed}\n      Passed: {passed}\n      Skipped: {skipped}\n";

    private static ConformanceCase Case(string test, bool provisional, params string[] features) => new(test, features, [], [], [], true, provisional);
}
