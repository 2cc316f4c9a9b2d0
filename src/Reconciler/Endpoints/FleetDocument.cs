using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// <c>GET /v1/fleet?node=NAME</c>: the VIP floor's fleet view (issue 18, point 2), the document a node's
/// <c>--fleet-status</c> poller reads. <c>serving</c> is the union of the VIP ids every node other than the asking
/// one reported serving (announced because its proxy serves them; a VIP only held at the floor does not count), so
/// the asker's "would I be the last announcer" is a lookup. A node whose last report is older than
/// <see cref="StaleAfter"/> serves nothing: a silent node leans towards keeping a VIP announced, never towards
/// withdrawing it. <c>nodes</c> lists what each node said, for a person.
/// </summary>
internal static class FleetDocument
{
    /// <summary>Five missed reports (nodes repeat theirs every 2 s).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    // A report names VIPs of one plan: bounded like the node side reads a fleet answer.
    public const int MaxVips = 10_000;
    public const int MaxVipIdLength = 512;

    public static object Build(IEnumerable<NodeStatus> nodes, string? askingNode, DateTimeOffset now)
    {
        var listed = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new
        {
            name = n.Name,
            ageSeconds = n.ReportedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : (double?)null,
            fresh = Fresh(n, now),
            serving = n.VipServing ?? [],
            held = n.VipHeld ?? [],
        }).ToList();
        var serving = listed.Where(n => n.fresh && n.name != askingNode).SelectMany(n => n.serving).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new { serving, staleAfterSeconds = StaleAfter.TotalSeconds, nodes = listed };
    }

    /// <summary>Keeps at most <see cref="MaxVips"/> ids, dropping any empty or longer than <see cref="MaxVipIdLength"/>.</summary>
    public static IReadOnlyList<string>? Bounded(IReadOnlyList<string?>? ids) =>
        ids?.Where(id => id is { Length: > 0 and <= MaxVipIdLength }).Take(MaxVips).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();

    private static bool Fresh(NodeStatus node, DateTimeOffset now) => node.ReportedAt is { } at && now - at <= StaleAfter;
}
