using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// One pass that makes the cluster hold what Git says (<see cref="DesiredObjects"/>): each object is created or
/// replaced under the field manager <c>gitgateway</c> when its spec, labels or annotations differ, then its status
/// subresource is replaced when the rendered status differs; objects labelled as ours (managed-by gitgateway, this
/// repository) that left the plan are deleted. A replace carries the resourceVersion it read, so a concurrent
/// writer makes it conflict (409) and the object is read and compared again. An object of the same name that is
/// not labelled as ours is never touched: the pass refuses it and logs. Fields Git leaves out of a spec are not
/// compared (the API server fills in defaults), so only what Git says is put back.
/// </summary>
internal sealed partial class ClusterStatusSync(IKubernetes client, ClusterStatusOptions options, string repository, TimeProvider time, ILogger logger)
{
    private const int MaxAttempts = 5;

    /// <summary>What one pass did.</summary>
    public sealed record Outcome(int Written, int StatusWritten, int Deleted, IReadOnlyList<string> Refused);

    public async Task<Outcome> SyncAsync(DesiredObjects.Result desired, CancellationToken cancellationToken)
    {
        var (written, statuses, deleted) = (0, 0, 0);
        var refused = new List<string>(desired.Refused);
        foreach (var kind in GatewayApiKind.All)
        {
            var mine = desired.Objects.Where(o => o.Kind == kind).ToList();
            if (await ListOwnedAsync(kind, cancellationToken) is not { } owned)
            {
                if (mine.Count > 0)
                {
                    LogNotServed(logger, kind.Kind, mine.Count);
                }

                continue;
            }

            foreach (var wanted in mine)
            {
                var (spec, status, refusal) = await WriteAsync(wanted, owned.GetValueOrDefault(wanted.Key), cancellationToken);
                written += spec ? 1 : 0;
                statuses += status ? 1 : 0;
                if (refusal is not null)
                {
                    refused.Add(refusal);
                }
            }

            var keep = mine.Select(o => o.Key).Concat(desired.Unreadable).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, obj) in owned.Where(o => !keep.Contains(o.Key)))
            {
                deleted += await DeleteAsync(kind, obj, cancellationToken) ? 1 : 0;
                LogDeleted(logger, key);
            }
        }

        foreach (var refusal in refused)
        {
            LogRefused(logger, refusal);
        }

        return new Outcome(written, statuses, deleted, refused);
    }

    /// <summary>Writes one object and its status: whether the spec was written, whether the status was, and a refusal.</summary>
    private async Task<(bool Spec, bool Status, string? Refusal)> WriteAsync(DesiredObject wanted, JsonObject? current, CancellationToken cancellationToken)
    {
        var (spec, status) = (false, false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                current ??= await GetAsync(wanted, cancellationToken);
                if (current is null)
                {
                    current = await CreateAsync(wanted, cancellationToken);
                    spec = true;
                }
                else if (!ClusterObjects.Owned(current, repository))
                {
                    return (spec, status, $"{wanted.Key} exists and is not labelled {ClusterStatusOptions.ManagedByLabel}={ClusterStatusOptions.FieldManager}, {ClusterStatusOptions.RepositoryLabel}={repository}: left as it is");
                }
                else if (!ClusterObjects.Matches(current, wanted.Body))
                {
                    current = await ReplaceAsync(wanted, current, cancellationToken);
                    spec = true;
                }

                var generation = current["metadata"]?["generation"]?.GetValue<long>() ?? 0;
                var document = StatusDocument.Build(wanted.Status, generation, current["status"] as JsonObject, time.GetUtcNow(), options);
                if (!JsonNode.DeepEquals(current["status"], document))
                {
                    var next = (JsonObject)current.DeepClone();
                    next["status"] = document;
                    current = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<JsonObject>(
                        next, GatewayApiKind.Group, GatewayApiKind.Version, wanted.Namespace, wanted.Kind.Plural, wanted.Name, fieldManager: ClusterStatusOptions.FieldManager, cancellationToken: cancellationToken);
                    status = true;
                }

                return (spec, status, null);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
            {
                LogConflict(logger, wanted.Key, attempt + 1);
                current = null; // read again and compare again
            }
        }

        return (spec, status, $"{wanted.Key}: still conflicting after {MaxAttempts} attempts; tried again at the next pass");
    }

    private async Task<JsonObject?> GetAsync(DesiredObject wanted, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(
                GatewayApiKind.Group, GatewayApiKind.Version, wanted.Namespace, wanted.Kind.Plural, wanted.Name, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task<JsonObject> CreateAsync(DesiredObject wanted, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(
            wanted.Body.DeepClone(), GatewayApiKind.Group, GatewayApiKind.Version, wanted.Namespace, wanted.Kind.Plural, fieldManager: ClusterStatusOptions.FieldManager, cancellationToken: cancellationToken);

    private Task<JsonObject> ReplaceAsync(DesiredObject wanted, JsonObject current, CancellationToken cancellationToken)
    {
        var body = (JsonObject)wanted.Body.DeepClone();
        body["metadata"]!["resourceVersion"] = current["metadata"]?["resourceVersion"]?.DeepClone();
        return client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonObject>(
            body, GatewayApiKind.Group, GatewayApiKind.Version, wanted.Namespace, wanted.Kind.Plural, wanted.Name, fieldManager: ClusterStatusOptions.FieldManager, cancellationToken: cancellationToken);
    }

    /// <summary>Deletes an object of ours, only as it was listed (a precondition on its resourceVersion); false when it changed or went away.</summary>
    private async Task<bool> DeleteAsync(GatewayApiKind kind, JsonObject obj, CancellationToken cancellationToken)
    {
        var metadata = obj["metadata"]!;
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                GatewayApiKind.Group, GatewayApiKind.Version, metadata["namespace"]!.GetValue<string>(), kind.Plural, metadata["name"]!.GetValue<string>(),
                new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = metadata["resourceVersion"]?.GetValue<string>() } },
                cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>The objects of a kind labelled as this repository's, by <c>Kind/namespace/name</c>; null when the cluster does not serve the kind.</summary>
    private async Task<Dictionary<string, JsonObject>?> ListOwnedAsync(GatewayApiKind kind, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
                GatewayApiKind.Group, GatewayApiKind.Version, kind.Plural, labelSelector: ClusterObjects.Selector(repository), cancellationToken: cancellationToken);
            return (list["items"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(o => ClusterObjects.Owned(o, repository))
                .ToDictionary(o => $"{kind.Kind}/{o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}", StringComparer.Ordinal);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"{kind.Plural}: the list is not JSON ({e.Message})", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster status: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster status: deleted {Key}, which left the plan")]
    private static partial void LogDeleted(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster status: {Key} changed while it was written (409, attempt {Attempt}); reading it again")]
    private static partial void LogConflict(ILogger logger, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster status: the cluster does not serve {Kind} (is the Gateway API CRD installed?); {Count} objects not written")]
    private static partial void LogNotServed(ILogger logger, string kind, int count);
}
