using GitGateway.Plan.Model;

namespace GitGateway.Plan.Delta;

/// <summary>
/// A plan written as the changes from another plan a node already holds: the plan with hash <see cref="Hash"/> is
/// <see cref="PlanDeltaApplier.Apply"/> of this to the plan with hash <see cref="BaseHash"/>. Listeners come whole
/// except their virtual hosts' route entries, which are spans copied from the base host of the same id or sent in
/// full. A node checks the result's hash against <see cref="Hash"/> and asks for the whole plan on any mismatch.
/// </summary>
/// <param name="BaseHash">The plan this delta applies to.</param>
/// <param name="Hash">The plan it gives (<see cref="Serialization.PlanJson.Hash"/>).</param>
/// <param name="Source">The new plan's source.</param>
/// <param name="Listeners">Every listener of the new plan, in its order.</param>
/// <param name="Vips">The new plan's VIPs, whole.</param>
/// <param name="VipPools">The new plan's VIP pools, whole.</param>
public sealed record PlanDelta(
    string BaseHash,
    string Hash,
    string Source,
    EquatableArray<ListenerDelta> Listeners,
    EquatableArray<Vip> Vips,
    EquatableArray<VipPool>? VipPools = null);
