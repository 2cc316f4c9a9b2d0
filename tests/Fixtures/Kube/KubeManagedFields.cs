using System.Globalization;
using System.Text.Json.Nodes;

namespace GitGateway.Fixtures.Kube;

/// <summary>
/// <c>metadata.managedFields</c> as the API server keeps it for writes that name a <c>fieldManager</c>: one entry per
/// manager, operation and subresource, with the time of its last write. The field sets (<c>fieldsV1</c>) are not
/// kept: no client under test reads them. What a request body says about managedFields is ignored, as the server
/// ignores it for an update.
/// </summary>
internal static class KubeManagedFields
{
    public static JsonObject Record(JsonObject stored, JsonObject? current, string? manager, string operation, string? subresource)
    {
        var metadata = stored["metadata"] as JsonObject ?? [];
        stored["metadata"] = metadata;
        var entries = current?["metadata"]?["managedFields"]?.DeepClone() as JsonArray ?? [];
        if (!string.IsNullOrEmpty(manager))
        {
            var existing = entries.OfType<JsonObject>().FirstOrDefault(e =>
                e["manager"]?.GetValue<string>() == manager && e["operation"]?.GetValue<string>() == operation
                && e["subresource"]?.GetValue<string>() == subresource);
            if (existing is null)
            {
                existing = new JsonObject { ["manager"] = manager, ["operation"] = operation, ["apiVersion"] = stored["apiVersion"]?.DeepClone() };
                if (subresource is not null)
                {
                    existing["subresource"] = subresource;
                }

                entries.Add(existing);
            }

            existing["time"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        metadata.Remove("managedFields");
        if (entries.Count > 0)
        {
            metadata["managedFields"] = entries;
        }

        return stored;
    }
}
