using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The node's watch of EndpointSlices in all namespaces (routes may reach Services across namespaces through
/// ReferenceGrants), feeding <see cref="EndpointSliceIndex"/>. Watches are cut by the server every 5 minutes
/// (<c>timeoutSeconds</c>) and resumed from the last version, bookmarks included.
/// </summary>
internal sealed class EndpointSliceWatcher(KubeApi api, EndpointSliceIndex index, TimeProvider time, ILogger<EndpointSliceWatcher> logger)
{
    private const int WatchSeconds = 300;

    public Task RunAsync(CancellationToken cancellationToken) =>
        new KubeWatchLoop<V1EndpointSlice>("endpointslices", ListAsync, Watch, index, time, logger).RunAsync(cancellationToken);

    private async Task<(IList<V1EndpointSlice>, string)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await api.Client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: cancellationToken);
        return (list.Items ?? [], list.Metadata?.ResourceVersion ?? "");
    }

    private IAsyncEnumerable<(WatchChange, V1EndpointSlice)> Watch(string version, Action<Exception> onError, CancellationToken cancellationToken) =>
        api.WatchAsync("apis/discovery.k8s.io/v1/endpointslices?" + KubeApi.WatchQuery(version, WatchSeconds), SourceGenerationContext.Default.V1EndpointSlice, onError, cancellationToken);
}
