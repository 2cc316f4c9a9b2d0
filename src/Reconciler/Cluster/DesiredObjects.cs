using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// What the cluster should hold for one applied commit: every Gateway, route and ListenerSet that the render gave a
/// status (so one of our Gateways is its own or its parent), read from the commit's files. Objects of other
/// controllers, ReferenceGrants, policies and GatewayClasses (cluster-scoped, installed with the controller) are
/// not written. An object the render statused but whose file cannot be read here is <see cref="Result.Unreadable"/>:
/// left as the cluster has it, neither written nor deleted.
/// </summary>
internal static partial class DesiredObjects
{
    private const int MaxSourceAnnotation = 1024;

    public sealed record Result(IReadOnlyList<DesiredObject> Objects, IReadOnlySet<string> Unreadable, IReadOnlyList<string> Refused);

    public static Result Build(IReadOnlyList<SourceFile> files, RenderStatus status, string repository, ClusterStatusOptions options)
    {
        var wanted = Wanted(status);
        var objects = new List<DesiredObject>();
        var refused = new List<string>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => IsManifest(f.Path)))
        {
            foreach (var document in YamlJson.Documents(file.Content) ?? [])
            {
                if (Identify(document) is not { } id || !wanted.TryGetValue(id, out var statusOf) || !found.Add(id))
                {
                    continue;
                }

                var (kind, ns, name) = Split(id);
                var clusterNs = options.MapNamespace(ns);
                if (!ValidName().IsMatch(name) || name.Length > 253 || !ValidNamespace().IsMatch(clusterNs) || clusterNs.Length > 63)
                {
                    refused.Add($"{id} ({file.Path}): not a valid Kubernetes name or namespace");
                    continue;
                }

                objects.Add(new DesiredObject(kind, clusterNs, name, Body(document, kind, clusterNs, name, repository, file.Path, options), statusOf));
            }
        }

        var unreadable = wanted.Keys.Where(k => !found.Contains(k)).Select(k => Split(k) is var (kind, ns, name) ? $"{kind.Kind}/{options.MapNamespace(ns)}/{name}" : k).ToHashSet(StringComparer.Ordinal);
        return new Result(objects, unreadable, refused);
    }

    /// <summary>The objects the render statused, by <c>Kind/namespace/name</c> as Git has them.</summary>
    private static Dictionary<string, object> Wanted(RenderStatus status)
    {
        var wanted = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var gateway in status.Gateways)
        {
            wanted[$"Gateway/{gateway.Namespace}/{gateway.Name}"] = gateway;
        }

        foreach (var route in status.Routes.Where(r => GatewayApiKind.Find(r.Kind) is not null))
        {
            wanted[$"{route.Kind}/{route.Namespace}/{route.Name}"] = route;
        }

        foreach (var set in status.ListenerSets.Where(s => s.Kind == "ListenerSet"))
        {
            wanted[$"ListenerSet/{set.Namespace}/{set.Name}"] = set;
        }

        return wanted;
    }

    private static string? Identify(JsonObject document)
    {
        var apiVersion = Text(document["apiVersion"]);
        var kind = Text(document["kind"]);
        var name = Text(document["metadata"]?["name"]);
        if (apiVersion?.StartsWith(GatewayApiKind.Group + "/", StringComparison.Ordinal) != true || kind is null || name is null || GatewayApiKind.Find(kind) is null)
        {
            return null;
        }

        return $"{kind}/{Text(document["metadata"]?["namespace"]) ?? "default"}/{name}";
    }

    private static (GatewayApiKind Kind, string Namespace, string Name) Split(string id)
    {
        var parts = id.Split('/', 3);
        return (GatewayApiKind.Find(parts[0])!, parts[1], parts[2]);
    }

    private static JsonObject Body(JsonObject document, GatewayApiKind kind, string ns, string name, string repository, string path, ClusterStatusOptions options)
    {
        var labels = Strings(document["metadata"]?["labels"]);
        labels[ClusterStatusOptions.ManagedByLabel] = ClusterStatusOptions.FieldManager;
        labels[ClusterStatusOptions.RepositoryLabel] = repository;
        var annotations = Strings(document["metadata"]?["annotations"]);
        annotations[ClusterStatusOptions.SourceAnnotation] = path.Length > MaxSourceAnnotation ? path[..MaxSourceAnnotation] : path;
        var spec = document["spec"]?.DeepClone() ?? new JsonObject();
        MapNamespaces(spec, options);
        return new JsonObject
        {
            ["apiVersion"] = GatewayApiKind.ApiVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = Sorted(labels),
                ["annotations"] = Sorted(annotations),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>Every <c>namespace</c> field of a Gateway API spec names a namespace (parentRefs, backendRefs, certificateRefs): each is mapped.</summary>
    private static void MapNamespaces(JsonNode node, ClusterStatusOptions options)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (key == "namespace" && Text(value) is { } ns)
                {
                    obj[key] = options.MapNamespace(ns);
                }
                else if (value is not null)
                {
                    MapNamespaces(value, options);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.Where(i => i is not null))
            {
                MapNamespaces(item!, options);
            }
        }
    }

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject)?.Where(kv => Text(kv.Value) is not null).ToDictionary(kv => kv.Key, kv => Text(kv.Value)!, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static JsonObject Sorted(Dictionary<string, string> values) =>
        new(values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create<string, JsonNode?>(kv.Key, kv.Value)));

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool IsManifest(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    // RFC 1123 subdomain (object names) and label (namespaces), as the API server validates them.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex ValidNamespace();
}
