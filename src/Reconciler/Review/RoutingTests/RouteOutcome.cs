using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>What the data plane would do with a request: the entry that matched (null: 404) and its listener.</summary>
internal sealed record RouteOutcome(Listener? Listener, RouteEntry? Entry);
