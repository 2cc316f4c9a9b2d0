using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// Everything <c>gitgateway serve</c> needs, resolved from the config file (secrets already read): where to listen
/// and the repositories, each its own routing domain. The first is the default one, served on the paths a
/// single-repository control plane has always had (<c>/v1/plan</c>, <c>/v1/nodes/{name}/report</c>, <c>/v1/refresh</c>).
/// </summary>
internal sealed record ControlPlaneSettings(string ListenUrl, IReadOnlyList<RepositorySettings> Repositories)
{
    public const string DefaultName = "default";

    /// <summary>The Lease replicas compete for, and the API that holds it; null when this control plane is the only writer.</summary>
    public (string Kubernetes, Cluster.LeaseElectionOptions Lease)? Election { get; init; }

    /// <summary>How the Gateway API objects and their status are written into a cluster; null when they are not.</summary>
    public Cluster.ClusterStatusOptions? ClusterStatus { get; init; }

    /// <summary>A control plane for one repository (the demo, the bench, tests), its state directly in <paramref name="stateDirectory"/>.</summary>
    public static ControlPlaneSettings Single(
        string repositoryUrl,
        string stateDirectory,
        string targetBranch,
        string listenUrl,
        string nodeToken,
        GitCredentials gitCredentials,
        TimeSpan fetchTimeout,
        TimeSpan pollInterval,
        TimeSpan ackTimeout,
        IReadOnlyList<string> nodes,
        GitHubSettings? gitHub,
        string? webhookSecret,
        bool allowFileUrls = false) =>
        new(listenUrl, [new RepositorySettings(DefaultName, repositoryUrl, stateDirectory, targetBranch, nodeToken, gitCredentials, fetchTimeout, pollInterval, ackTimeout, nodes, gitHub, webhookSecret, allowFileUrls)
        {
            PublicUrl = ReachableUrl(listenUrl),
        }]);

    /// <summary>The listen URL when others can use it as it is (not a wildcard address), else null.</summary>
    public static Uri? ReachableUrl(string listenUrl) =>
        Uri.TryCreate(listenUrl, UriKind.Absolute, out var uri) && uri.Host is not ("0.0.0.0" or "[::]" or "+" or "*")
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;
}
