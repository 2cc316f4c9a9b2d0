using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// The body of <c>POST /v1/nodes/{name}/report</c>: ACK (accepted) or NACK with the error, readiness, and the
/// node's VIP announcer sessions when it runs one.
/// </summary>
internal sealed record NodeReport(string PlanHash, bool Accepted, string? Error, bool Ready, IReadOnlyList<PeerReport>? Peers = null);
