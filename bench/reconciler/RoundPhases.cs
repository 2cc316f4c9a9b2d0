using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitGateway.Reconciler.Bench;

/// <summary>
/// Where one merge's time went, in milliseconds from the webhook to both nodes answering, read from the control
/// plane's and the nodes' log marks and the nodes' plan-load gauges (the last applied revision's steps).
/// </summary>
internal sealed record RoundPhases(double Total, IReadOnlyDictionary<string, double> Phases)
{
    public static readonly string[] Names =
    [
        "webhook+queue+fetch", "read tree", "read tree: files", "render", "checks+hash+save state", "checks: team isolation", "checks: serialise",
        "checks: guard", "checks: save state", "publish->node applied", "node: rebuild", "node: hash", "node: validate",
        "node: compile", "node: swap", "node: save", "applied->first answer",
    ];

    public static RoundPhases From(PhaseLog log, string commit, long sent, long answered, IReadOnlyList<string> nodeGauges)
    {
        var shortCommit = commit[..12];
        var fetched = log.Find("Fetched {Branch}", shortCommit, sent);
        var read = log.Find("Read {Commit} from git", shortCommit, sent);
        var tree = log.Find("Read the tree of {Commit}", shortCommit, sent);
        var rendered = log.Find("Rendered {Commit}", shortCommit, sent);
        var checkedMark = log.Find("Checked {Commit}", shortCommit, sent);
        var published = log.Find("Published revision", shortCommit, sent);
        var applied = new[] { log.Find("plan {Hash} from {Source} applied", shortCommit, sent, 0), log.Find("plan {Hash} from {Source} applied", shortCommit, sent, 1) };
        var lastApplied = applied.Max(a => a?.At ?? answered);
        var phases = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["webhook+queue+fetch"] = Ms(sent, fetched?.At ?? sent),
            ["read tree"] = Value(read, "Milliseconds"),
            ["read tree: files"] = Value(tree, "Milliseconds"),
            ["render"] = Value(rendered, "Milliseconds"),
            ["checks+hash+save state"] = Ms(rendered?.At ?? sent, published?.At ?? sent),
            ["checks: team isolation"] = Value(checkedMark, "Isolation"),
            ["checks: serialise"] = Value(checkedMark, "Serialise"),
            ["checks: guard"] = Value(checkedMark, "Guard"),
            ["checks: save state"] = Ms(checkedMark?.At ?? sent, published?.At ?? sent),
            ["publish->node applied"] = Ms(published?.At ?? sent, lastApplied),
            ["applied->first answer"] = Ms(lastApplied, answered),
        };
        foreach (var step in new[] { "rebuild", "hash", "validate", "compile", "swap", "save" })
        {
            phases["node: " + step] = nodeGauges.Max(g => Gauge(g, step));
        }

        return new RoundPhases(Ms(sent, answered), phases);
    }

    /// <summary>Median and p99 (nearest rank) of each phase over the rounds, as a Markdown table.</summary>
    public static string Table(IReadOnlyList<RoundPhases> rounds)
    {
        var text = new StringBuilder("| phase | p50 ms | p99 ms |\n|---|---|---|\n");
        foreach (var name in Names)
        {
            var values = rounds.Select(r => r.Phases.GetValueOrDefault(name)).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {Percentile(values, 50):0.0} | {Percentile(values, 99):0.0} |\n");
        }

        var totals = rounds.Select(r => r.Total).ToList();
        return text.Append(CultureInfo.InvariantCulture, $"| **webhook -> both nodes answer** | **{Percentile(totals, 50):0.0}** | **{Percentile(totals, 99):0.0}** |\n").ToString();
    }

    public static double Percentile(IReadOnlyList<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static double Value(PhaseLog.Mark? mark, string key) => mark?.Values.GetValueOrDefault(key) is double d ? d : 0;

    /// <summary><c>gitgateway_proxy_plan_apply_step_seconds{step="compile"} 0.0123</c> in a node's metrics, in ms.</summary>
    private static double Gauge(string metrics, string step)
    {
        var prefix = $"gitgateway_proxy_plan_apply_step_seconds{{step=\"{step}\"}} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture) * 1000;
    }
}
