using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The Secrets a plan names: every <see cref="CertificateRef"/> of kind Secret wherever the plan holds one (listener
/// certificates and client CA bundles, backend TLS CA bundles and client certificates, and any place a later plan
/// version adds), found in the plan's canonical JSON as an object with <c>kind: Secret</c>, a <c>namespace</c> and a
/// <c>name</c>, so a reference in a new field is never missed and its watch never stopped while in use.
/// </summary>
internal static class SecretReferences
{
    public static IReadOnlySet<(string Ns, string Name)> Of(RoutingPlan plan)
    {
        var found = new HashSet<(string Ns, string Name)>();
        using var document = JsonDocument.Parse(PlanJson.ToCanonicalBytes(plan));
        Collect(document.RootElement, found);
        return found;
    }

    private static void Collect(JsonElement element, HashSet<(string Ns, string Name)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (Text(element, "kind") == "Secret" && Text(element, "namespace") is { } ns && Text(element, "name") is { } name)
                {
                    found.Add((ns, name));
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }

                break;
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
