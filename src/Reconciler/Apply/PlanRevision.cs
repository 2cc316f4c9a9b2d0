using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Apply;

/// <summary>A plan published to the nodes: a monotonically increasing number, the commit and the plan's hash.</summary>
internal sealed record PlanRevision(long Number, string Commit, string PlanHash, RoutingPlan Plan, byte[] CanonicalJson);
