namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>kubernetes:</c> at the top of the serve config: what the control plane does with a cluster's API besides the
/// Lease (<see cref="ServeLeaderElectionConfig"/>). Left out, it writes nothing to any cluster.
/// </summary>
internal sealed class ServeKubernetesConfig
{
    /// <summary>The API: <c>in-cluster</c>, a kubeconfig file or an http(s):// address; default <c>leaderElection.kubernetes</c>, else in-cluster.</summary>
    public string? Api { get; set; }

    /// <summary>The rendered Gateway API objects and their status, written into the cluster.</summary>
    public ServeClusterStatusConfig? Status { get; set; }
}
