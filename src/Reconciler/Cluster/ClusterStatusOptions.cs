namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// How the control plane writes its Gateway API objects into a cluster (<c>kubernetes.status</c> in the serve config).
/// </summary>
/// <param name="Kubernetes">Where the API is (see <see cref="Proxy.Discovery.KubeApiOptions"/>).</param>
/// <param name="Namespaces">Repository namespace to cluster namespace; one not listed keeps its name.</param>
/// <param name="Resync">How often everything is compared again without a watch event.</param>
internal sealed record ClusterStatusOptions(string Kubernetes, IReadOnlyDictionary<string, string> Namespaces, TimeSpan Resync)
{
    /// <summary>The field manager every write names, and the value of the managed-by label.</summary>
    public const string FieldManager = "gitgateway";

    /// <summary>The label that marks an object as written by GitGateway (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The label that names the repository (routing domain) an object came from.</summary>
    public const string RepositoryLabel = "gitgateway.dev/repository";

    /// <summary>The annotation that names the file in the repository an object came from.</summary>
    public const string SourceAnnotation = "gitgateway.dev/source-file";

    /// <summary>Watch events closer together than this are written in one pass.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The cluster namespace of a repository namespace.</summary>
    public string MapNamespace(string repositoryNamespace) => Namespaces.GetValueOrDefault(repositoryNamespace) ?? repositoryNamespace;
}
