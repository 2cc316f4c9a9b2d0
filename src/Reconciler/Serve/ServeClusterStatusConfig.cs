namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>kubernetes.status:</c> whether the control plane writes the Gateway API objects it applied, with their status,
/// into the cluster (off by default), and which cluster namespace each repository namespace becomes. See
/// <see cref="Cluster.ClusterStatusSync"/>.
/// </summary>
internal sealed class ServeClusterStatusConfig
{
    public bool Enabled { get; set; }

    /// <summary>Repository namespace to cluster namespace; a namespace not listed keeps its name.</summary>
    public Dictionary<string, string>? Namespaces { get; set; }

    /// <summary>How often every object is compared with the cluster even when no watch event came.</summary>
    public string Resync { get; set; } = "60s";
}
