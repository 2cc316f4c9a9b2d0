using System.Globalization;
using System.Text;
using GitGateway.Conformance.Tests.Cases;

namespace GitGateway.Conformance.Tests.Report;

/// <summary>
/// Writes the upstream <c>ConformanceReport</c> (apiVersion gateway.networking.k8s.io/v1) for a run's results:
/// per profile the Core and Extended results and statistics, the Extended features supported (every test requiring
/// them passed) and unsupported, and the provisional tests that passed. Keys are sorted as upstream's YAML writes them;
/// everything but <c>date</c> depends only on the results, so a committed report can be compared with a fresh one.
/// </summary>
internal static class ReportYaml
{
    /// <summary>The line that carries the run's date; comparisons leave it out.</summary>
    public const string DatePrefix = "date: ";

    public static string Write(IReadOnlyDictionary<string, CaseResult> results, IReadOnlyDictionary<string, ConformanceCase> cases, DateTimeOffset date)
    {
        var y = new StringBuilder();
        y.AppendLine("apiVersion: gateway.networking.k8s.io/v1");
        y.Append(DatePrefix).Append('"').Append(date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).AppendLine("\"");
        y.AppendLine("gatewayAPIChannel: experimental");
        y.Append("gatewayAPIVersion: ").AppendLine(ReportImplementation.GatewayApiVersion);
        y.AppendLine("implementation:");
        y.AppendLine("  contact: []");
        y.Append("  organization: ").AppendLine(ReportImplementation.Organization);
        y.Append("  project: ").AppendLine(ReportImplementation.Project);
        y.Append("  url: ").AppendLine(ReportImplementation.Url);
        y.Append("  version: ").AppendLine(ReportImplementation.Version);
        y.AppendLine("kind: ConformanceReport");
        y.AppendLine("mode: default");
        y.AppendLine("profiles:");
        foreach (var profile in ConformanceProfile.All)
        {
            WriteProfile(y, profile, results, cases);
        }

        var provisional = results.Where(r => r.Value == CaseResult.Passed && cases[r.Key].Provisional).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        y.Append("succeededProvisionalTests:").AppendLine(provisional.Count == 0 ? " []" : "");
        foreach (var test in provisional)
        {
            y.Append("- ").AppendLine(test);
        }

        return y.ToString();
    }

    /// <summary>The report without its date line, for comparing runs.</summary>
    public static string WithoutDate(string report) =>
        string.Join('\n', report.ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith(DatePrefix, StringComparison.Ordinal)));

    private static void WriteProfile(StringBuilder y, ConformanceProfile profile, IReadOnlyDictionary<string, CaseResult> results, IReadOnlyDictionary<string, ConformanceCase> cases)
    {
        var member = results.Where(r => profile.Covers(cases[r.Key].Features)).ToList();
        var core = member.Where(r => !profile.IsExtended(cases[r.Key].Features)).Select(r => r.Value).ToList();
        var extended = member.Where(r => profile.IsExtended(cases[r.Key].Features)).ToList();
        // A feature is supported when the suite has a case that needs it and every such case passed, whichever
        // profile the case counts in: the Gateway's client-certificate cases also need HTTPRoute, yet the feature is
        // as supported for a TLS or gRPC listener as for an HTTP one.
        var supported = profile.Extended.Where(f => results.Any(r => cases[r.Key].Features.Contains(f))
            && results.Where(r => cases[r.Key].Features.Contains(f)).All(r => r.Value == CaseResult.Passed)).Order(StringComparer.Ordinal).ToList();
        var unsupported = profile.Extended.Except(supported).Order(StringComparer.Ordinal).ToList();

        y.AppendLine("- core:");
        WriteResult(y, core);
        y.AppendLine("  extended:");
        WriteResult(y, [.. extended.Select(r => r.Value)]);
        WriteList(y, "supportedFeatures", supported);
        WriteList(y, "unsupportedFeatures", unsupported);
        y.Append("  name: ").AppendLine(profile.Name);
    }

    private static void WriteResult(StringBuilder y, IReadOnlyList<CaseResult> results)
    {
        int passed = results.Count(r => r == CaseResult.Passed), failed = results.Count(r => r == CaseResult.Failed), skipped = results.Count(r => r == CaseResult.Skipped);
        var result = failed > 0 ? "failure" : skipped > 0 ? "partial" : "success";
        y.Append("    result: ").AppendLine(result);
        y.AppendLine("    statistics:");
        y.Append("      Failed: ").Append(failed).AppendLine();
        y.Append("      Passed: ").Append(passed).AppendLine();
        y.Append("      Skipped: ").Append(skipped).AppendLine();
    }

    private static void WriteList(StringBuilder y, string key, IReadOnlyList<string> items)
    {
        y.Append("    ").Append(key).Append(':').AppendLine(items.Count == 0 ? " []" : "");
        foreach (var item in items)
        {
            y.Append("    - ").AppendLine(item);
        }
    }
}
