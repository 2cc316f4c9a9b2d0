using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitGateway.Reconciler.Cluster;

/// <summary>How the control plane recognises its own objects in a cluster, and when one still says what Git says.</summary>
internal static class ClusterObjects
{
    /// <summary>The label selector of one repository's objects.</summary>
    public static string Selector(string repository) =>
        $"{ClusterStatusOptions.ManagedByLabel}={ClusterStatusOptions.FieldManager},{ClusterStatusOptions.RepositoryLabel}={repository}";

    /// <summary>Whether the object carries both of our labels for <paramref name="repository"/>.</summary>
    public static bool Owned(JsonObject obj, string repository) =>
        Label(obj, ClusterStatusOptions.ManagedByLabel) == ClusterStatusOptions.FieldManager && Label(obj, ClusterStatusOptions.RepositoryLabel) == repository;

    /// <summary>
    /// Whether the stored object says what Git says: the same labels and annotations, and every field of the desired
    /// spec present with the same value (fields only the cluster has are defaults the API server filled in).
    /// </summary>
    public static bool Matches(JsonObject current, JsonObject desired) =>
        JsonNode.DeepEquals(current["metadata"]?["labels"] ?? new JsonObject(), desired["metadata"]?["labels"] ?? new JsonObject())
        && JsonNode.DeepEquals(current["metadata"]?["annotations"] ?? new JsonObject(), desired["metadata"]?["annotations"] ?? new JsonObject())
        && Covers(current["spec"], desired["spec"]);

    private static bool Covers(JsonNode? actual, JsonNode? wanted) => (actual, wanted) switch
    {
        (_, null) => actual is null,
        (JsonObject a, JsonObject w) => w.All(kv => a.ContainsKey(kv.Key) ? Covers(a[kv.Key], kv.Value) : kv.Value is null),
        (JsonArray a, JsonArray w) => a.Count == w.Count && a.Zip(w).All(p => Covers(p.First, p.Second)),
        _ => JsonNode.DeepEquals(actual, wanted),
    };

    private static string? Label(JsonObject obj, string key) =>
        obj["metadata"]?["labels"]?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
