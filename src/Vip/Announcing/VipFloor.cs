using GitGateway.Plan.Model;
using Microsoft.Extensions.Logging;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The floor of announcers (issue 18, point 2): a VIP this node announced and that readiness would now withdraw
/// stays announced while no other node serves it (the <see cref="FleetView"/>; an unknown fleet serves nothing) and
/// the local proxy really is there for it (<see cref="ListenerProbe"/>: the proxy's own latest answer names every
/// port the VIP fronts as bound, and each accepts; a foreign listener on the port is not enough). It is
/// left to another node only on a fleet view newer than the moment it stopped being served, and stays eligible then,
/// so it is taken back when that node stops serving it too.
/// A VIP whose listener the proxy does not vouch for, that leaves the plan, or any VIP during shutdown, is withdrawn
/// for good.
/// </summary>
internal sealed class VipFloor
{
    private readonly AnnouncerOptions _options;
    private readonly FleetView _fleet;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Dictionary<string, long> _holding = new(StringComparer.Ordinal);
    private HashSet<string> _deferred = new(StringComparer.Ordinal);

    public VipFloor(AnnouncerOptions options, FleetView fleet, TimeProvider time, ILogger logger)
    {
        _options = options;
        _fleet = fleet;
        _time = time;
        _logger = logger;
    }

    /// <summary>VIP ids announced because the proxy serves them.</summary>
    public IReadOnlySet<string> Serving { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>VIP ids kept announced by the floor.</summary>
    public IReadOnlySet<string> Held { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The VIPs of <paramref name="plan"/> to keep although they are not in <paramref name="serving"/>; with
    /// <paramref name="enabled"/> false (floor off, shutting down) none, and nothing stays eligible.
    /// <paramref name="boundByProxy"/> is the port set of the proxy's latest answer (null: it did not say).
    /// </summary>
    public async Task<List<PlanVip>> HoldAsync(
        RoutingPlan plan, IReadOnlyList<PlanVip> serving, IReadOnlySet<int>? boundByProxy, bool enabled, CancellationToken cancellationToken)
    {
        var servingIds = serving.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var held = new List<PlanVip>();
        var holding = new Dictionary<string, long>(StringComparer.Ordinal);
        var deferred = new HashSet<string>(StringComparer.Ordinal);
        if (enabled && _options.FloorProbeAddress is { } probe)
        {
            var elsewhere = _fleet.ServedElsewhere;
            var round = _fleet.Round;
            foreach (var vip in VipSelection.ForNode(plan, _options).Where(v => Eligible(v.Id) && !servingIds.Contains(v.Id)))
            {
                // Another node's word counts only from a look that began after this node stopped serving the VIP:
                // two nodes that become unready together would otherwise each leave it to the other.
                var since = _holding.TryGetValue(vip.Id, out var start) ? start : round;
                if (elsewhere.Contains(vip.Id) && (_deferred.Contains(vip.Id) || round > since + 1))
                {
                    deferred.Add(vip.Id);
                }
                else if (await ListenerProbe.VouchesAsync(probe, vip.Ports, boundByProxy, _time, cancellationToken))
                {
                    held.Add(vip);
                    holding[vip.Id] = since;
                }
            }
        }

        var heldIds = held.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        if (!heldIds.SetEquals(Held))
        {
            if (heldIds.Count > 0)
            {
                AnnouncerLog.FloorHold(_logger, string.Join(", ", heldIds.Order(StringComparer.Ordinal)));
            }
            else
            {
                AnnouncerLog.FloorReleased(_logger);
            }
        }

        Serving = servingIds;
        Held = heldIds;
        _holding = holding;
        _deferred = deferred;
        return held;
    }

    private bool Eligible(string id) => Serving.Contains(id) || _holding.ContainsKey(id) || _deferred.Contains(id);
}
