using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// A node's view of the cluster through the Kubernetes API (<c>--kubernetes</c>): the EndpointSlices of Services that
/// routes reference. Only constructed when configured, so a node outside a cluster never loads the client.
/// </summary>
internal sealed class NodeDiscovery
{
    private readonly EndpointSliceIndex _index = new();
    private readonly EndpointSliceWatcher _slices;

    public NodeDiscovery(KubeApiOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var client = options.CreateClient();
        _slices = new EndpointSliceWatcher(client, _index, time, loggers.CreateLogger<EndpointSliceWatcher>());
    }

    public IEndpointDiscovery Endpoints => _index;

    public Task RunAsync(CancellationToken cancellationToken) => _slices.RunAsync(cancellationToken);
}
