using System.Text.Json.Nodes;

namespace GitGateway.Plan.Diff;

/// <summary>
/// The diff of two canonical JSON trees that <see cref="PlanDiff"/> reports: arrays whose items carry an <c>id</c>
/// are matched by id (so reordering is not a change and an added route is one change, not a shifted list); other
/// values are compared field by field, and a differing leaf is one change with both values as compact JSON.
/// </summary>
internal static class JsonTreeDiff
{
    public static void Compare(List<string> path, string field, JsonNode? a, JsonNode? b, List<PlanChange> changes)
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

    public static void CompareObjects(List<string> path, string field, JsonObject a, JsonObject b, List<PlanChange> changes)
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

    public static string Join(string field, string name) => field.Length == 0 ? name : field + "." + name;

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
}
