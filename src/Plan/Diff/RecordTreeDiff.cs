using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Diff;

/// <summary>
/// <see cref="JsonTreeDiff"/> walked over the plan's records instead of their JSON, with the same changes in the same
/// order: two equal values hold no change (records and <see cref="EquatableArray{T}"/> compare by value, and equal
/// values serialise to the same canonical JSON), so they are skipped without being serialised; two records are
/// walked by the properties the canonical serialiser writes, in its order; two arrays of records that all have an
/// <c>id</c> are matched by id; any other pair that differs is serialised on its own and handed to
/// <see cref="JsonTreeDiff"/>. A change to one route of 10,000 serialises that route, not both plans.
/// </summary>
/// <remarks>The canonical options omit nulls, so a property is written exactly when its value is not null.</remarks>
internal static class RecordTreeDiff
{
    private static JsonSerializerOptions Options => PlanJson.Canonical;

    /// <summary>The changes between two records of the type <paramref name="info"/> describes; <paramref name="skip"/> names a property left out.</summary>
    public static void CompareObjects(List<string> path, string field, object a, object b, JsonTypeInfo info, List<PlanChange> changes, string? skip = null)
    {
        // As JsonTreeDiff.CompareObjects: the properties b writes in order, then those only a writes.
        foreach (var p in info.Properties)
        {
            if (p.Name != skip && Written(p, b) is { } bValue)
            {
                Compare(path, JsonTreeDiff.Join(field, p.Name), Written(p, a), bValue, p.PropertyType, changes);
            }
        }

        foreach (var p in info.Properties)
        {
            if (p.Name != skip && Written(p, b) is null && Written(p, a) is { } aValue)
            {
                Compare(path, JsonTreeDiff.Join(field, p.Name), aValue, null, p.PropertyType, changes);
            }
        }
    }

    private static void Compare(List<string> path, string field, object? a, object? b, Type type, List<PlanChange> changes)
    {
        if (Equals(a, b))
        {
            return;
        }

        var info = Options.GetTypeInfo(type);
        if (a is not null && b is not null && info.Kind == JsonTypeInfoKind.Object)
        {
            CompareObjects(path, field, a, b, info, changes);
        }
        else if (Keyed(a, type) is { } aa && Keyed(b, type) is { } ab)
        {
            CompareKeyed(path, aa, ab, changes);
        }
        else
        {
            JsonTreeDiff.Compare(path, field, ToNode(a, type), ToNode(b, type), changes);
        }
    }

    // As JsonTreeDiff.CompareKeyedArrays, comparing only the items that differ.
    private static void CompareKeyed(List<string> path, KeyedItems a, KeyedItems b, List<PlanChange> changes)
    {
        var before = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (id, item) in a.Items)
        {
            before.TryAdd(id, item);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, item) in b.Items)
        {
            seen.Add(id);
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add(new PlanChange(ChangeKind.Added, [.. path, id], null, null, ToNode(item, b.Info.Type)!.ToJsonString()));
            }
            else if (!Equals(old, item))
            {
                CompareObjects(new List<string>(path) { id }, "", old, item, b.Info, changes);
            }
        }

        foreach (var (id, old) in before)
        {
            if (!seen.Contains(id))
            {
                changes.Add(new PlanChange(ChangeKind.Removed, [.. path, id], null, ToNode(old, a.Info.Type)!.ToJsonString(), null));
            }
        }
    }

    /// <summary>
    /// The items of an <see cref="EquatableArray{T}"/> of records with their ids, when every item writes an <c>id</c>
    /// string (the arrays <see cref="JsonTreeDiff"/> matches by id); null for any other value.
    /// </summary>
    private static KeyedItems? Keyed(object? value, Type type)
    {
        var arrayType = Nullable.GetUnderlyingType(type) ?? type;
        if (value is not IEnumerable items || !arrayType.IsGenericType || arrayType.GetGenericTypeDefinition() != typeof(EquatableArray<>))
        {
            return null;
        }

        var info = Options.GetTypeInfo(arrayType.GetGenericArguments()[0]);
        var id = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => p.Name == "id") : null;
        if (id is null)
        {
            return null;
        }

        var keyed = new List<(string Id, object Item)>();
        foreach (var item in items)
        {
            if (item is null || Written(id, item) is not string key)
            {
                return null;
            }

            keyed.Add((key, item));
        }

        return new KeyedItems(info, keyed);
    }

    private static object? Written(JsonPropertyInfo p, object owner) =>
        p.Get?.Invoke(owner) is { } value && (p.ShouldSerialize?.Invoke(owner, value) ?? true) ? value : null;

    private static JsonNode? ToNode(object? value, Type type) => value is null ? null : JsonSerializer.SerializeToNode(value, type, Options);

    private sealed record KeyedItems(JsonTypeInfo Info, List<(string Id, object Item)> Items);
}
