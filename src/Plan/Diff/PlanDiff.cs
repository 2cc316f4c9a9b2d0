using System.Text.Json;
using System.Text.Json.Nodes;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Diff;

/// <summary>
/// A structural diff of two plans keyed by element ids: arrays whose items carry an <c>id</c> are matched by
/// id (so reordering is not a change and an added route is one change, not a shifted list); other values are
/// compared field by field. Defined on the canonical JSON so every field the plan has is covered
/// (<see cref="JsonTreeDiff"/>), and computed on the records (<see cref="RecordTreeDiff"/>), which serialises only
/// what differs.
/// </summary>
public sealed class PlanDiff
{
    private readonly Lazy<string?> _beforeHash;

    private PlanDiff(RoutingPlan? before, string afterHash, IReadOnlyList<PlanChange> changes)
    {
        _beforeHash = new Lazy<string?>(() => before is null ? null : PlanJson.Hash(before));
        AfterHash = afterHash;
        Changes = changes;
    }

    /// <summary>The old plan's hash, or null when there was none (computed when first asked for).</summary>
    public string? BeforeHash => _beforeHash.Value;

    /// <summary>The new plan's hash.</summary>
    public string AfterHash { get; }

    /// <summary>All changes, in document order of the new plan (removals where the old plan had them).</summary>
    public IReadOnlyList<PlanChange> Changes { get; }

    /// <summary>True when the plans route traffic identically (only the source revision may differ).</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Diffs two plans; <paramref name="before"/> may be null (everything added).</summary>
    public static PlanDiff Compute(RoutingPlan? before, RoutingPlan after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            return ComputeOnJson(before, after);
        }

        var changes = new List<PlanChange>();
        RecordTreeDiff.ComparePlans(before, after, changes); // the revision always differs; it is not a change to traffic
        return new PlanDiff(before, PlanJson.Hash(after), changes);
    }

    /// <summary>
    /// The same diff taken over both plans' whole JSON trees: what <see cref="Compute"/> is defined as (and is tested
    /// against), at the cost of serialising both plans into trees.
    /// </summary>
    internal static PlanDiff ComputeOnJson(RoutingPlan? before, RoutingPlan after)
    {
        var changes = new List<PlanChange>();
        var a = before is null ? new JsonObject() : ToComparableNode(before);
        JsonTreeDiff.CompareObjects([], "", a, ToComparableNode(after), changes);
        return new PlanDiff(before, PlanJson.Hash(after), changes);
    }

    private static JsonObject ToComparableNode(RoutingPlan plan)
    {
        var node = JsonNode.Parse(PlanJson.ToCanonicalBytes(plan))!.AsObject();
        node.Remove("source"); // the revision always differs; it is not a change to traffic
        return node;
    }
}
