using System.Text.Json;
using System.Text.Json.Nodes;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Diff;

/// <summary>
/// A structural diff of two plans keyed by element ids: arrays whose items carry an <c>id</c> are matched by
/// id (so reordering is not a change and an added route is one change, not a shifted list); other values are
/// compared field by field. Works on the canonical JSON so every field the plan has is covered.
/// </summary>
public sealed class PlanDiff
{
    private PlanDiff(string? beforeHash, string afterHash, IReadOnlyList<PlanChange> changes)
    {
        BeforeHash = beforeHash;
        AfterHash = afterHash;
        Changes = changes;
    }

    /// <summary>The old plan's hash, or null when there was none.</summary>
    public string? BeforeHash { get; }

    /// <summary>The new plan's hash.</summary>
    public string AfterHash { get; }

    /// <summary>All changes, in document order of the new plan (removals where the old plan had them).</summary>
    public IReadOnlyList<PlanChange> Changes { get; }

    /// <summary>True when the plans route traffic identically (only the source revision may differ).</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Diffs two plans; <paramref name="before"/> may be null (everything added).</summary>
    public static PlanDiff Compute(RoutingPlan? before, RoutingPlan after)
    {
        var changes = new List<PlanChange>();
        var a = before is null ? new JsonObject() : ToComparableNode(before);
        var b = ToComparableNode(after);
        CompareObjects([], "", a, b, changes);
        return new PlanDiff(before is null ? null : PlanJson.Hash(before), PlanJson.Hash(after), changes);
    }

    private static JsonObject ToComparableNode(RoutingPlan plan)
    {
        var node = JsonSerializer.SerializeToNode(plan, PlanJson.Canonical)!.AsObject();
        node.Remove("source"); // the revision always differs; it is not a change to traffic
        return node;
    }

    private static void Compare(List<string> path, string field, JsonNode? a, JsonNode? b, List<PlanChange> changes)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            CompareObjects(path, field, oa, ob, changes);
        }
        else if ((a ?? new JsonArray()) is JsonArray aa && (b ?? new JsonArray()) is JsonArray ab && IsKeyed(aa) && IsKeyed(ab))
        {
            CompareKeyedArrays(path, aa, ab, changes);
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            changes.Add(new PlanChange(ChangeKind.Changed, path.ToEquatableArray(), field, a?.ToJsonString(), b?.ToJsonString()));
        }
    }

    private static void CompareObjects(List<string> path, string field, JsonObject a, JsonObject b, List<PlanChange> changes)
    {
        foreach (var (name, bValue) in b)
        {
            a.TryGetPropertyValue(name, out var aValue);
            Compare(path, Join(field, name), aValue, bValue, changes);
        }

        foreach (var (name, aValue) in a)
        {
            if (!b.ContainsKey(name))
            {
                Compare(path, Join(field, name), aValue, null, changes);
            }
        }
    }

    private static void CompareKeyedArrays(List<string> path, JsonArray a, JsonArray b, List<PlanChange> changes)
    {
        var before = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in a)
        {
            before.TryAdd(IdOf(item!), item!.AsObject());
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in b)
        {
            var id = IdOf(item!);
            seen.Add(id);
            var childPath = new List<string>(path) { id };
            if (before.TryGetValue(id, out var old))
            {
                CompareObjects(childPath, "", old, item!.AsObject(), changes);
            }
            else
            {
                changes.Add(new PlanChange(ChangeKind.Added, childPath.ToEquatableArray(), null, null, item!.ToJsonString()));
            }
        }

        foreach (var (id, old) in before)
        {
            if (!seen.Contains(id))
            {
                var childPath = new List<string>(path) { id };
                changes.Add(new PlanChange(ChangeKind.Removed, childPath.ToEquatableArray(), null, old.ToJsonString(), null));
            }
        }
    }

    // An empty array counts as keyed so that "no routes" → "one route" is an addition, not a field change.
    private static bool IsKeyed(JsonArray array) =>
        array.All(item => item is JsonObject o && o.TryGetPropertyValue("id", out var id) && id is JsonValue);

    private static string IdOf(JsonNode item) => item["id"]!.GetValue<string>();

    private static string Join(string field, string name) => field.Length == 0 ? name : field + "." + name;
}
