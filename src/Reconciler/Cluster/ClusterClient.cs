using GitGateway.Proxy.Discovery;
using k8s;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The control plane's Kubernetes client (the full KubernetesClient: leases, status, watches of its own objects) for a
/// <c>--kubernetes</c> source, read as the node reads it (<see cref="KubeApiOptions.Select{T}"/>); the node itself
/// uses KubernetesClient.Aot, whose types stay inside it.
/// </summary>
internal static class ClusterClient
{
    public static IKubernetes Create(string source) =>
        new Kubernetes(new KubeApiOptions(source).Select(
            KubernetesClientConfiguration.InClusterConfig,
            host => new KubernetesClientConfiguration { Host = host },
            path => KubernetesClientConfiguration.BuildConfigFromConfigFile(path)));
}
