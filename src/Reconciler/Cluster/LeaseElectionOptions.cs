namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The coordination.k8s.io/v1 Lease that control-plane replicas compete for. With the defaults a replica takes over
/// at most about 12 s after the leader last renewed (lease 10 s, then the next try within 2 s): within the 15 s the
/// design allows, while a leader that cannot renew for 7 s steps down before anyone else can take the lease.
/// </summary>
/// <param name="Namespace">The Lease's namespace (the control plane's own).</param>
/// <param name="Name">The Lease's name.</param>
/// <param name="Identity">This replica (its pod name); unique among the replicas.</param>
internal sealed record LeaseElectionOptions(string Namespace, string Name, string Identity)
{
    public const string DefaultName = "gitgateway-control-plane";

    /// <summary>How long a lease holds without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the leader keeps trying to renew before it stops leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Between tries to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
