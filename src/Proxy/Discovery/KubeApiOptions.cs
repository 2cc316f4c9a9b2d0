using k8s;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// Where a node reaches the Kubernetes API (<c>--kubernetes</c>): <c>in-cluster</c> (the pod's service account:
/// token, CA and address as Kubernetes mounts them), a kubeconfig file, or an <c>http://</c> address without
/// authentication (a local <c>kubectl proxy</c>, or the tests' API emulator).
/// </summary>
internal sealed record KubeApiOptions(string Source)
{
    public const string InCluster = "in-cluster";

    public KubeApi CreateClient()
    {
        var config = Source switch
        {
            InCluster => KubernetesClientConfiguration.InClusterConfig(),
            _ when Source.StartsWith("http://", StringComparison.Ordinal) || Source.StartsWith("https://", StringComparison.Ordinal) =>
                new KubernetesClientConfiguration { Host = Source.TrimEnd('/') },
            _ => KubernetesClientConfiguration.BuildConfigFromConfigFile(Source),
        };
        return new KubeApi(new Kubernetes(config));
    }
}
