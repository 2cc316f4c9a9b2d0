using GitGateway.Reconciler.Endpoints;
using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Compares what each node said (<see cref="NodeStatus"/>) with the revision it should serve: the plan it serves,
/// whether its listeners are all bound, whether it still reports, its VIP announcer's BGP sessions, and the plan's
/// VIPs that every node announces (those without a nodeSelector: the control plane does not know node labels) but
/// the node's speaker does not, and per BGP peer the prefixes it was or was not sent (<see cref="PeerDrift"/>). Remembers since when each node has differed and has been behind; a node that
/// matches again starts afresh. Evaluated whenever status or metrics are read, so it is as fresh as the last report.
/// </summary>
internal sealed class DriftTracker(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _behindSince = new(StringComparer.Ordinal);

    /// <summary>The nodes that differ now, by name.</summary>
    public IReadOnlyList<NodeDrift> Evaluate(PlanPublisher publisher)
    {
        var now = time.GetUtcNow();
        var drifts = new List<NodeDrift>();
        lock (_gate)
        {
            foreach (var node in publisher.Nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var expected = publisher.RevisionFor(node.Name);
                var (differences, behind, silent) = Differences(node, expected, now);
                if (differences.Count == 0)
                {
                    _since.Remove(node.Name);
                    _behindSince.Remove(node.Name);
                    continue;
                }

                var since = Since(_since, node.Name, now, true)!.Value;
                var behindSince = Since(_behindSince, node.Name, now, behind);
                drifts.Add(new NodeDrift(node.Name, differences, since, behindSince is { } b ? Math.Max(0, (now - b).TotalSeconds) : 0)
                {
                    Behind = behind,
                    Silent = silent,
                    Serving = node.Serving ?? (node.Accepted ? node.PlanHash : null),
                    Revision = expected?.Number,
                    PlanHash = expected?.PlanHash,
                });
            }

            // A node let go from the fleet view (FleetRoster) that comes back starts afresh.
            foreach (var gone in _since.Keys.Concat(_behindSince.Keys).Where(n => !publisher.Nodes.ContainsKey(n)).ToList())
            {
                _since.Remove(gone);
                _behindSince.Remove(gone);
            }
        }

        return drifts;
    }

    private static DateTimeOffset? Since(Dictionary<string, DateTimeOffset> since, string node, DateTimeOffset now, bool differs)
    {
        if (!differs)
        {
            since.Remove(node);
            return null;
        }

        return since.TryAdd(node, now) ? now : since[node];
    }

    private static (List<string> Differences, bool Behind, bool Silent) Differences(NodeStatus node, PlanRevision? expected, DateTimeOffset now)
    {
        var differences = new List<string>();
        var serving = node.Serving ?? (node.Accepted ? node.PlanHash : null);
        var behind = expected is not null && serving != expected.PlanHash;
        if (behind)
        {
            differences.Add($"serves plan {ShortId.Plan(serving)}, not revision {expected!.Number} ({ShortId.Plan(expected.PlanHash)})");
        }
        else if (expected is not null && node.PlanHash == expected.PlanHash && !node.Ready)
        {
            differences.Add("not ready: a listener of the plan is not bound");
        }

        var silent = node.ReportedAt is { } reported && now - reported > FleetDocument.StaleAfter;
        if (silent)
        {
            // Said with the moment, not the age, so the words stay the same while the silence lasts (the drift check
            // is written when the words change).
            differences.Add($"silent since {node.ReportedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC");
        }

        foreach (var peer in node.Peers ?? [])
        {
            if (peer.State != "Established")
            {
                differences.Add($"BGP peer {peer.Peer} is {peer.State}");
            }
        }

        if (node.VipServing is { } announced && expected is not null && !behind)
        {
            var held = node.VipHeld ?? [];
            foreach (var vip in expected.Plan.Vips.Where(v => v.NodeSelector.IsEmpty).Where(v => !announced.Contains(v.Id) && !held.Contains(v.Id)))
            {
                differences.Add($"{vip.Id} ({string.Join(", ", vip.Addresses)}) is not announced");
            }
        }

        if (expected is not null && !behind && node.Peers is { } peers)
        {
            differences.AddRange(PeerDrift.Differences(expected.Plan, peers));
        }

        return (differences, behind, silent);
    }
}
