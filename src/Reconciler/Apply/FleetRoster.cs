using System.Globalization;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Which nodes the fleet view lets go, so a node that no longer exists neither keeps the drift check red nor counts
/// among the nodes forever. A node that is silent (no report for <see cref="Endpoints.FleetDocument.StaleAfter"/>) goes
/// at once when the serve config lists the repository's nodes and it is not among them (it was removed from the
/// list); any other node that is not listed goes once it has been silent for <c>forgetAfter</c>. A listed node is
/// never let go: the config says it exists, so its silence is drift to show. A node that reports again comes back.
/// </summary>
internal static class FleetRoster
{
    /// <summary>The nodes to let go now, each with the reason in words (for the log).</summary>
    public static IReadOnlyList<(NodeStatus Node, string Reason)> Gone(IEnumerable<NodeStatus> nodes, IReadOnlyList<string> listed, TimeSpan forgetAfter, DateTimeOffset now)
    {
        var gone = new List<(NodeStatus, string)>();
        foreach (var node in nodes)
        {
            if (listed.Contains(node.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var silence = now - (node.ReportedAt ?? node.LastSeen);
            if (listed.Count > 0 && silence > Endpoints.FleetDocument.StaleAfter)
            {
                gone.Add((node, "it is silent and no longer in the repository's node list"));
            }
            else if (silence > forgetAfter)
            {
                gone.Add((node, string.Create(CultureInfo.InvariantCulture, $"it has been silent for longer than {forgetAfter.TotalSeconds:F0} s")));
            }
        }

        return gone;
    }

    /// <summary>
    /// Why an operator may not let <paramref name="node"/> go now, or null when it may: a node that reported within
    /// <see cref="Endpoints.FleetDocument.StaleAfter"/> is alive (it would be back at its next report), and a listed
    /// node is one the config says exists (take it out of the list first).
    /// </summary>
    public static string? RefusalToForget(NodeStatus node, IReadOnlyList<string> listed, DateTimeOffset now)
    {
        if (listed.Contains(node.Name, StringComparer.Ordinal))
        {
            return $"node {node.Name} is in the repository's node list in the serve config; remove it there first";
        }

        var silence = now - (node.ReportedAt ?? node.LastSeen);
        return silence > Endpoints.FleetDocument.StaleAfter
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"node {node.Name} reported {silence.TotalSeconds:F0} s ago; only a silent node (no report for {Endpoints.FleetDocument.StaleAfter.TotalSeconds:F0} s) can be forgotten");
    }
}
