using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// A node's view of the cluster through the Kubernetes API (<c>--kubernetes</c>): the EndpointSlices of Services that
/// routes reference and, with <c>--certificates kubernetes</c>, the TLS Secrets that listeners reference. Only
/// constructed when configured, so a node outside a cluster never loads the client.
/// </summary>
internal sealed class NodeDiscovery
{
    private readonly EndpointSliceIndex _index = new();
    private readonly EndpointSliceWatcher _slices;
    private readonly SecretCertificateSource? _secrets;

    /// <param name="disk">With Secrets from the API: where references of another kind (ConfigMap CA bundles) resolve; null for certificates from disk only.</param>
    public NodeDiscovery(KubeApiOptions options, CertificateStore? disk, TimeProvider time, ILoggerFactory loggers)
    {
        var api = options.CreateClient();
        _slices = new EndpointSliceWatcher(api, _index, time, loggers.CreateLogger<EndpointSliceWatcher>());
        _secrets = disk is null ? null : new SecretCertificateSource(api, disk, time, loggers.CreateLogger<SecretCertificateSource>());
    }

    public IEndpointDiscovery Endpoints => _index;

    /// <summary>The Secrets source when certificates come from the API, else null.</summary>
    public ICertificateSource? Certificates => _secrets;

    /// <summary>The plan now in force: Secrets it no longer names are no longer watched (<see cref="SecretCertificateSource.Retain"/>).</summary>
    public void InForce(Plan.Model.RoutingPlan plan) => _secrets?.Retain(SecretReferences.Of(plan));

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_slices.RunAsync(cancellationToken), _secrets?.RunAsync(cancellationToken) ?? Task.CompletedTask);
}
