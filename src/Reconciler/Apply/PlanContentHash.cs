using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The identity of a plan revision as the nodes see it: the canonical hash of the plan without its
/// <c>source</c> (the commit it came from). Two commits that route the same way, such as a change and the
/// revert of its revert, have the same content hash, so nothing is re-applied and a rollback lands on the
/// exact plan served before.
/// </summary>
internal static class PlanContentHash
{
    public static string Of(RoutingPlan plan) => PlanJson.Hash(plan with { Source = "" });
}
