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

    internal void Record(ConformanceCase c, IReadOnlyList<string> failures) => _cases[c.Test] = (c.Feature, failures);

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

        var totalFailed = _cases.Count(c => c.Value.Failures.Count > 0);
        text.Append("total: ").Append(_cases.Count - totalFailed).Append(" passed, ").Append(totalFailed).AppendLine(" failed");
        return text.ToString();
    }

    public void Dispose()
    {
        if (_cases.IsEmpty)
        {
            return;
        }

        var summary = Summary();
        Console.Error.WriteLine(summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-summary.txt"), summary);
    }
}
