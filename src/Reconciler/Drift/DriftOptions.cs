namespace GitGateway.Reconciler.Drift;

/// <summary>
/// How the control plane watches for drift (issue 15): it looks every <see cref="Interval"/>; a node counts on the
/// <c>gitgateway/drift</c> check, and is repaired, once it has differed for <see cref="Grace"/> (a rollout in flight
/// is not drift); a node behind is re-sent its revision at most <see cref="MaxRepairs"/> times, waiting
/// <see cref="RepairBackoff"/> after the first and twice as long after each next (up to <see cref="MaxRepairBackoff"/>).
/// </summary>
internal sealed record DriftOptions(TimeSpan Interval, TimeSpan Grace, int MaxRepairs, TimeSpan RepairBackoff)
{
    /// <summary>Two nodes' report intervals between looks, five missed reports before a node counts.</summary>
    public static DriftOptions Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), 5, TimeSpan.FromSeconds(5));

    public TimeSpan MaxRepairBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a node that is not in the repository's node list may be silent before the fleet view lets it go
    /// (<see cref="Apply.FleetRoster"/>): a day, so a node down for maintenance still shows as silent.
    /// </summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromDays(1);
}
