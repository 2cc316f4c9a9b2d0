using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// Watches one Gateway API kind for the objects labelled as one repository's and calls back on every change, so a
/// drifted or deleted object is put back within seconds rather than at the next resync. Lists for the version, then
/// watches from it (bookmarks move it on; a watch that ends resumes; 410 Gone lists again); failures back off from
/// 0.5 s to 30 s, and a kind the cluster does not serve is looked for again every minute.
/// </summary>
internal sealed partial class OwnedObjectWatch(IKubernetes client, GatewayApiKind kind, string repository, Action changed, TimeProvider time, ILogger logger)
{
    private const int WatchSeconds = 300;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NotServedWait = TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
                    GatewayApiKind.Group, GatewayApiKind.Version, kind.Plural, labelSelector: ClusterObjects.Selector(repository), cancellationToken: cancellationToken);
                var version = list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
                backoff = FirstBackoff;
                await WatchFromAsync(version, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound && !cancellationToken.IsCancellationRequested)
            {
                await DelayAsync(NotServedWait, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, kind.Plural, e.GetType().Name, e.Message);
                await DelayAsync(backoff, cancellationToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    /// <summary>Watches from <paramref name="version"/>, resuming after each end, until the version is gone (410).</summary>
    private async Task WatchFromAsync(string version, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var gone = false;
            var events = 0;
            void OnError(Exception e) => gone |= e is KubernetesException { Status.Code: 410 };
            await foreach (var (type, item) in client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                GatewayApiKind.Group, GatewayApiKind.Version, kind.Plural, allowWatchBookmarks: true, labelSelector: ClusterObjects.Selector(repository),
                resourceVersion: version, timeoutSeconds: WatchSeconds, onError: OnError, cancellationToken: cancellationToken))
            {
                events++;
                version = ResourceVersion(item) ?? version;
                if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                {
                    changed();
                }
            }

            if (gone)
            {
                return;
            }

            if (events == 0)
            {
                await DelayAsync(backoff, cancellationToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
            else
            {
                backoff = FirstBackoff;
            }
        }
    }

    private static string? ResourceVersion(object item) => item switch
    {
        JsonElement e when e.ValueKind == JsonValueKind.Object && e.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("resourceVersion", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
        _ => null,
    };

    private async Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster status: watching {Plural} failed ({Type}: {Error}); retrying")]
    private static partial void LogFailed(ILogger logger, string plural, string type, string error);
}
