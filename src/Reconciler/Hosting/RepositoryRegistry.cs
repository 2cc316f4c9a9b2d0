using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The repositories of one control plane, found by their config name (node protocol, refresh, per-repository
/// webhook path) or by their GitHub <c>owner/name</c> (the webhook payload's <c>repository.full_name</c>).
/// </summary>
internal sealed class RepositoryRegistry : IDisposable
{
    private readonly HttpClient _gitHubHttp = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, RepositoryRuntime> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RepositoryRuntime> _byFullName = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="copies">With leader election, where each repository's state is copied for the next leader.</param>
    public RepositoryRegistry(ControlPlaneSettings settings, TimeProvider time, ILoggerFactory loggers, ControlPlaneMetrics metrics, Func<RepositorySettings, Cluster.ClusterStateCopy>? copies = null)
    {
        All = [.. settings.Repositories.Select(r => RepositoryRuntime.Create(r, _gitHubHttp, time, loggers, metrics, copies?.Invoke(r)))];
        foreach (var repository in All)
        {
            _byName.Add(repository.Name, repository);
            if (repository.Settings.GitHub is { } gh)
            {
                // GitHub names are case-insensitive; the config check keeps them unique.
                _byFullName.TryAdd(gh.Repo, repository);
            }
        }
    }

    public IReadOnlyList<RepositoryRuntime> All { get; }

    /// <summary>The first repository configured: the one the paths without a repository name address.</summary>
    public RepositoryRuntime Default => All[0];

    public RepositoryRuntime? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The repository a webhook payload is for: the one whose GitHub repository is <paramref name="fullName"/>;
    /// a payload naming none (or any, when no GitHub repository is configured) goes to the only repository when
    /// there is one, as a single-repository control plane always did.
    /// </summary>
    public RepositoryRuntime? FindForWebhook(string? fullName)
    {
        if (fullName is not null && _byFullName.TryGetValue(fullName, out var named))
        {
            return named;
        }

        return All.Count == 1 && (fullName is null || All[0].Settings.GitHub is null) ? All[0] : null;
    }

    public void Dispose() => _gitHubHttp.Dispose();
}
