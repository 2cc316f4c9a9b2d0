namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>leaderElection:</c> at the top of the serve config: replicas of the control plane compete for a
/// coordination.k8s.io/v1 Lease and only the holder writes (applies plans, writes checks); see
/// <see cref="Cluster.LeaseElection"/>. Left out, the control plane is the only writer, as before.
/// </summary>
internal sealed class ServeLeaderElectionConfig
{
    /// <summary>The Kubernetes API: <c>in-cluster</c> (default), a kubeconfig file, or an http:// address (kubectl proxy).</summary>
    public string Kubernetes { get; set; } = "in-cluster";

    /// <summary>The Lease's namespace; default the pod's (<c>POD_NAMESPACE</c>), else <c>gitgateway</c>.</summary>
    public string? Namespace { get; set; }

    public string Name { get; set; } = Cluster.LeaseElectionOptions.DefaultName;

    /// <summary>This replica; default the pod's name (<c>POD_NAME</c>), else the host name.</summary>
    public string? Identity { get; set; }
}
