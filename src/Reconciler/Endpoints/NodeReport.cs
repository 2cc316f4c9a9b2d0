using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// The body of <c>POST /v1/nodes/{name}/report</c>: ACK (accepted) or NACK with the error, readiness, the node's VIP
/// announcer sessions when it runs one, the plan hash it serves (after a NACK: its last good plan) and its per-route
/// request counters, and the VIP ids its announcer serves and holds at the floor (the fleet view, <see cref="FleetDocument"/>).
/// </summary>
internal sealed record NodeReport(
    string PlanHash,
    bool Accepted,
    string? Error,
    bool Ready,
    IReadOnlyList<PeerReport>? Peers = null,
    string? Serving = null,
    IReadOnlyList<RouteCounters>? Routes = null,
    IReadOnlyList<string>? VipServing = null,
    IReadOnlyList<string>? VipHeld = null);
