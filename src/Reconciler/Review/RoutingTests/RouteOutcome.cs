using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>What the data plane would do with a request: the entry (or L4 route) that matched, and its listener; none is a 404.</summary>
internal sealed record RouteOutcome(Listener? Listener, RouteEntry? Entry, L4Route? L4 = null);
