using System.Collections.Concurrent;
using System.Text;
using GitGateway.Conformance.Tests.Cases;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// Collects every case's outcome during the run and, at the end, prints <c>&lt;feature&gt;: N passed, M failed</c>
/// per feature and a total, naming failing cases with their reasons. Written to standard error and to
/// <c>conformance-summary.txt</c> beside the test assembly.
/// </summary>
public sealed class ConformanceReport : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Feature, IReadOnlyList<string> Failures)> _cases = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (string Feature, string Reason)> _skipped = new(StringComparer.Ordinal);

    internal void Record(ConformanceCase c, IReadOnlyList<string> failures) => _cases[c.Test] = (c.Feature, failures);

    internal void RecordSkip(ConformanceCase c, string reason) => _skipped[c.Test] = (c.Feature, reason);

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
    }
}
