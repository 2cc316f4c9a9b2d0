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

    /// <summary>The node's client (KubernetesClient.Aot).</summary>
    public KubeApi CreateClient() =>
        new(new Kubernetes(Select(
            KubernetesClientConfiguration.InClusterConfig,
            host => new KubernetesClientConfiguration { Host = host },
            path => KubernetesClientConfiguration.BuildConfigFromConfigFile(path))));

    /// <summary>
    /// The configuration <see cref="Source"/> names, made by one of three factories: the node's client and the control
    /// plane's (the full KubernetesClient, whose types are its own) read a source alike.
    /// </summary>
    public T Select<T>(Func<T> inCluster, Func<string, T> address, Func<string, T> kubeconfig) => Source switch
    {
        InCluster => inCluster(),
        _ when Source.StartsWith("http://", StringComparison.Ordinal) || Source.StartsWith("https://", StringComparison.Ordinal) => address(Source.TrimEnd('/')),
        _ => kubeconfig(Source),
    };
}
