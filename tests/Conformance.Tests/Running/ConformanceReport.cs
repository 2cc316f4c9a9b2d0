using System.Collections.Concurrent;
using System.Text;
using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Report;
using GitGateway.Fixtures;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// Collects every case's outcome during the run and, at the end, prints <c>&lt;feature&gt;: N passed, M failed</c>
/// per feature and a total, naming failing cases with their reasons. Written to standard error and to
/// <c>conformance-summary.txt</c> beside the test assembly. When the run covered every in-scope case, status and
/// traffic, it also writes the upstream ConformanceReport (<see cref="ReportYaml"/>) beside the assembly and compares it,
/// date left out, with the committed <c>docs/conformance/report.yaml</c>: a difference fails the run, unless
/// <c>CONFORMANCE_REPORT=&lt;path&gt;</c> asks for the report to be written there instead (scripts/conformance-report.sh).
/// </summary>
public sealed class ConformanceReport : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Feature, IReadOnlyList<string> Failures)> _cases = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (string Feature, string Reason)> _skipped = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> _status = new(StringComparer.Ordinal);

    internal void Record(ConformanceCase c, IReadOnlyList<string> failures) => _cases[c.Test] = (c.Feature, failures);

    internal void RecordSkip(ConformanceCase c, string reason) => _skipped[c.Test] = (c.Feature, reason);

    internal void RecordStatus(ConformanceCase c, bool passed) => _status[c.Test] = passed;

    /// <summary>Every in-scope case's result, or null when the run left some case's status or traffic out.</summary>
    internal IReadOnlyDictionary<string, CaseResult>? CaseResults()
    {
        var results = new Dictionary<string, CaseResult>(StringComparer.Ordinal);
        foreach (var c in CaseCatalog.All.Values.Where(c => c.InScope))
        {
            var traffic = c.Requests.Count == 0 ? CaseResult.Passed
                : _cases.TryGetValue(c.Test, out var t) ? (t.Failures.Count == 0 ? CaseResult.Passed : CaseResult.Failed)
                : _skipped.ContainsKey(c.Test) ? CaseResult.Skipped : (CaseResult?)null;
            if (traffic is null || !_status.TryGetValue(c.Test, out var statusPassed))
            {
                return null;
            }

            results[c.Test] = !statusPassed || traffic == CaseResult.Failed ? CaseResult.Failed : traffic.Value;
        }

        return results;
    }

    public string Summary()
    {
        var text = new StringBuilder();
        foreach (var group in _cases.GroupBy(c => c.Value.Feature).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var failed = group.Where(c => c.Value.Failures.Count > 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
            text.Append(group.Key).Append(": ").Append(group.Count() - failed.Count).Append(" passed, ").Append(failed.Count).AppendLine(" failed");
            foreach (var (test, (_, failures)) in failed)
            {
                text.Append("  FAIL ").Append(test).Append(": ").AppendLine(failures[0]);
            }
        }

        foreach (var (test, (feature, reason)) in _skipped.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append("  SKIP ").Append(test).Append(" (").Append(feature).Append("): ").AppendLine(reason);
        }

        var totalFailed = _cases.Count(c => c.Value.Failures.Count > 0);
        text.Append("total: ").Append(_cases.Count - totalFailed).Append(" passed, ").Append(totalFailed).Append(" failed, ")
            .Append(_skipped.Count).AppendLine(" skipped");
        return text.ToString();
    }

    public void Dispose()
    {
        if (_cases.IsEmpty && _skipped.IsEmpty)
        {
            return;
        }

        var summary = Summary();
        Console.Error.WriteLine(summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-summary.txt"), summary);
        if (CaseResults() is { } results)
        {
            WriteReport(results);
        }
    }

    private static void WriteReport(IReadOnlyDictionary<string, CaseResult> results)
    {
        var report = ReportYaml.Write(results, CaseCatalog.All, TimeProvider.System.GetUtcNow());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-report.yaml"), report);
        if (Environment.GetEnvironmentVariable("CONFORMANCE_REPORT") is { Length: > 0 } target)
        {
            File.WriteAllText(target, report);
            return;
        }

        // Without a committed report (before the first one): a message off CI, a failure on CI.
        var committed = Path.Combine(HarnessPaths.Root, "docs", "conformance", "report.yaml");
        if (!File.Exists(committed) && !Peer.OnCi)
        {
            Console.Error.WriteLine($"no committed ConformanceReport at {committed}; write it with scripts/conformance-report.sh");
            return;
        }

        if (!File.Exists(committed) || ReportYaml.WithoutDate(File.ReadAllText(committed)) != ReportYaml.WithoutDate(report))
        {
            throw new InvalidOperationException(
                $"the ConformanceReport of this run differs from {committed} (date left out); the run's report is "
                + $"{Path.Combine(AppContext.BaseDirectory, "conformance-report.yaml")}; regenerate with scripts/conformance-report.sh");
        }
    }
}
