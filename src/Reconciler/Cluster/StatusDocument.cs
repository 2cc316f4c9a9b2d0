using System.Globalization;
using System.Text.Json.Nodes;
using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The <c>status</c> of one object in the Gateway API's own shape (https://gateway-api.sigs.k8s.io/reference/spec/):
/// Gateways with addresses (the VIPs), conditions and per listener attachedRoutes; routes with one entry per parent;
/// ListenerSets with conditions and listeners. Every condition carries the object's <c>observedGeneration</c>, and
/// keeps the <c>lastTransitionTime</c> the cluster has for the same type and status, so an unchanged status is
/// equal to what is stored and is not written again.
/// </summary>
internal static class StatusDocument
{
    // The CRDs cap a condition's message at 32768 characters.
    private const int MaxMessage = 32_768;

    public static JsonObject Build(object status, long generation, JsonObject? previous, DateTimeOffset now, ClusterStatusOptions options) => status switch
    {
        GatewayStatus gateway => Gateway(gateway, generation, previous, now),
        RouteStatus route => Route(route, generation, previous, now, options),
        ListenerSetStatus set => new JsonObject
        {
            ["conditions"] = Conditions(set.Conditions, generation, previous?["conditions"], now),
            ["listeners"] = Listeners(set.Listeners, generation, previous?["listeners"], now),
        },
        _ => throw new ArgumentException($"no status document for {status.GetType().Name}", nameof(status)),
    };

    private static JsonObject Gateway(GatewayStatus gateway, long generation, JsonObject? previous, DateTimeOffset now)
    {
        var status = new JsonObject();
        if (gateway.Addresses is { Count: > 0 } addresses)
        {
            status["addresses"] = new JsonArray([.. addresses.Select(a => new JsonObject { ["type"] = a.Type, ["value"] = a.Value })]);
        }

        status["conditions"] = Conditions(gateway.Conditions, generation, previous?["conditions"], now);
        status["listeners"] = Listeners(gateway.Listeners, generation, previous?["listeners"], now);
        if (gateway.AttachedListenerSets is { } sets)
        {
            status["attachedListenerSets"] = sets;
        }

        return status;
    }

    private static JsonObject Route(RouteStatus route, long generation, JsonObject? previous, DateTimeOffset now, ClusterStatusOptions options)
    {
        var before = previous?["parents"] as JsonArray;
        var parents = new JsonArray();
        foreach (var parent in route.Parents)
        {
            var reference = ParentRef(parent.ParentRef, options);
            var earlier = before?.OfType<JsonObject>().FirstOrDefault(p => JsonNode.DeepEquals(p["parentRef"], reference));
            parents.Add((JsonNode)new JsonObject
            {
                ["parentRef"] = reference,
                ["controllerName"] = parent.ControllerName,
                ["conditions"] = Conditions(parent.Conditions, generation, earlier?["conditions"], now),
            });
        }

        return new JsonObject { ["parents"] = parents };
    }

    private static JsonObject ParentRef(ParentReference parent, ClusterStatusOptions options)
    {
        var reference = new JsonObject
        {
            ["group"] = parent.Group,
            ["kind"] = parent.Kind,
            ["namespace"] = options.MapNamespace(parent.Namespace),
            ["name"] = parent.Name,
        };
        if (parent.SectionName is { } section)
        {
            reference["sectionName"] = section;
        }

        if (parent.Port is { } port)
        {
            reference["port"] = port;
        }

        return reference;
    }

    private static JsonArray Listeners(IReadOnlyList<ListenerStatus> listeners, long generation, JsonNode? previous, DateTimeOffset now) =>
        new([.. listeners.Select(l => new JsonObject
        {
            ["name"] = l.Name,
            ["supportedKinds"] = new JsonArray([.. l.SupportedKinds.Select(k => new JsonObject { ["group"] = k.Group, ["kind"] = k.Kind })]),
            ["attachedRoutes"] = l.AttachedRoutes,
            ["conditions"] = Conditions(l.Conditions, generation, (previous as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => p["name"]?.GetValue<string>() == l.Name)?["conditions"], now),
        })]);

    private static JsonArray Conditions(IReadOnlyList<Condition> conditions, long generation, JsonNode? previous, DateTimeOffset now) =>
        new([.. conditions.Select(c => new JsonObject
        {
            ["type"] = c.Type,
            ["status"] = c.Status,
            ["reason"] = c.Reason,
            ["message"] = c.Message.Length > MaxMessage ? c.Message[..MaxMessage] : c.Message,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = Since(c, previous as JsonArray) ?? now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        })]);

    /// <summary>When the cluster says the condition last changed, if it has the same type with the same status.</summary>
    private static string? Since(Condition condition, JsonArray? previous) =>
        previous?.OfType<JsonObject>()
            .FirstOrDefault(p => p["type"]?.GetValue<string>() == condition.Type && p["status"]?.GetValue<string>() == condition.Status)?["lastTransitionTime"]?.GetValue<string>();
}
