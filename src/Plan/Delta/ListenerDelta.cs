using GitGateway.Plan.Model;

namespace GitGateway.Plan.Delta;

/// <summary>A listener of the new plan: its own fields whole (its virtual hosts left empty), and its hosts as deltas.</summary>
/// <param name="Listener">The listener with no virtual hosts.</param>
/// <param name="VirtualHosts">Its virtual hosts in order.</param>
public sealed record ListenerDelta(Listener Listener, EquatableArray<HostDelta> VirtualHosts);
