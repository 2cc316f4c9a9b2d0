using System.Globalization;
using System.Text;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;

using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Drift;

/// <summary>
/// The <c>gitgateway/drift</c> check on the applied head of the target branch (issue 15): failure while a node
/// differs from what the plan says, naming each node, what it serves against its revision and how long it has been
/// behind; success once every node matches. <see cref="Key"/> is what the check says without the passing of time,
/// so it is written when the drift changes, not on every look.
/// </summary>
internal static class DriftCheckText
{
    public const string Name = "gitgateway/drift";

    /// <summary>What the check says, without durations: the commit, and each drifting node with its differences.</summary>
    public static string Key(string commit, IReadOnlyList<NodeDrift> drifts) =>
        commit + "\n" + string.Join("\n", drifts.Select(d => d.Node + ": " + string.Join("; ", d.Differences)));

    public static CheckReport For(PlanRevision applied, int nodes, IReadOnlyList<NodeDrift> drifts, DateTimeOffset now)
    {
        if (drifts.Count == 0)
        {
            return new CheckReport(
                Name,
                applied.Commit,
                CheckOutcome.Success,
                $"no drift: revision {applied.Number} on {Count(nodes)} as planned",
                $"Every node that reports serves revision {applied.Number} (`{ShortId.Plan(applied.PlanHash)}`), with its listeners bound and its VIPs announced to each BGP peer the plan names.",
                null,
                []);
        }

        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"Revision {applied.Number} (`{ShortId.Plan(applied.PlanHash)}`) is applied; {drifts.Count} of {Count(nodes)} differ from it:");
        summary.AppendLine();
        foreach (var drift in drifts)
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"- **{drift.Node}**: {Serves(drift)}; {Behind(drift, now)}");
            foreach (var difference in drift.Differences)
            {
                summary.AppendLine(CultureInfo.InvariantCulture, $"  - {difference}");
            }
        }

        summary.AppendLine();
        summary.Append("A node behind is re-sent its revision (see `repairs` in `GET /v1/status`, or `gitgateway status`); this check turns green when every node matches again.");
        var names = string.Join(", ", drifts.Select(d => d.Node));
        return new CheckReport(Name, applied.Commit, CheckOutcome.Failure, Bounded($"drift: {names} {(drifts.Count == 1 ? "differs" : "differ")} from revision {applied.Number}"), summary.ToString(), null, []);
    }

    private static string Serves(NodeDrift drift) => drift.Behind
        ? $"serves {(drift.Serving is { } s ? "plan `" + ShortId.Plan(s) + "`" : "no plan")}, not revision {drift.Revision} (`{ShortId.Plan(drift.PlanHash)}`)"
        : $"serves revision {drift.Revision}";

    private static string Behind(NodeDrift drift, DateTimeOffset now) => drift.Behind
        ? string.Create(CultureInfo.InvariantCulture, $"behind for {drift.BehindSeconds:F0} s when this check was written (differs since {drift.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)")
        : string.Create(CultureInfo.InvariantCulture, $"differs since {drift.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({(now - drift.Since).TotalSeconds:F0} s)");

    private static string Count(int nodes) => nodes == 1 ? "1 node" : $"{nodes} nodes";

    // A check run's title is short; the summary names every node.
    private static string Bounded(string title) => DisplayText.Shorten(title, 200);
}
