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
}
