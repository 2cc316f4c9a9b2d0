using System.Text.RegularExpressions;
using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// Turns a loaded <see cref="ServeConfig"/> into <see cref="ControlPlaneSettings"/>: one repository per entry of
/// <c>repositories:</c> (state in <c>stateDir/&lt;name&gt;</c>), or the first format's single <c>repository:</c>
/// (named <c>default</c> unless it has a name, state directly in <c>stateDir</c> as before). Every problem is
/// collected with its file:line and the rule, then all are thrown together, before anything starts.
/// </summary>
internal sealed partial class ServeConfigResolver(ServeConfig config)
{
    private readonly ServeConfigProblems _problems = new(config.FilePath, config.Marks);

    public ControlPlaneSettings Resolve()
    {
        if (!Uri.TryCreate(config.Listen, UriKind.Absolute, out _))
        {
            _problems.Add("listen", $"'{config.Listen}' is not a URL like http://0.0.0.0:8080");
        }

        var publicUrl = ControlPlaneSettings.ReachableUrl(config.Listen);
        if (config.PublicUrl is { } configured)
        {
            publicUrl = Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/") : null;
            if (publicUrl is null)
            {
                _problems.Add("publicUrl", $"'{configured}' is not an http(s) URL like https://gitgateway.example.com");
            }
        }

        var repositories = Entries().Select(e => Repository(e.Config, e.Path, e.Single)).Select(r => (Settings: r.Settings with { PublicUrl = publicUrl }, r.Path)).ToList();
        Unique(repositories, r => r.Settings.Name, "name", "repository names must be unique: each names its state folder and its URLs");
        Unique(repositories.Where(r => r.Settings.GitHub is not null).ToList(), r => r.Settings.GitHub!.Repo.ToLowerInvariant(), "github.repo", "a webhook finds its repository by this name, so it must be unique");
        var clusterStatus = ClusterStatus();
        if (_problems.All.Count > 0)
        {
            throw new ServeConfigException(_problems.All);
        }

        return new ControlPlaneSettings(config.Listen, [.. repositories.Select(r => r.Settings)]) { Election = Election(), ClusterStatus = clusterStatus };
    }

    private (string, Cluster.LeaseElectionOptions)? Election() =>
        config.LeaderElection is not { } election
            ? null
            : (election.Kubernetes, new Cluster.LeaseElectionOptions(
                election.Namespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "gitgateway",
                election.Name,
                election.Identity ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName));

    private Cluster.ClusterStatusOptions? ClusterStatus()
    {
        if (config.Kubernetes?.Status is not { Enabled: true } status)
        {
            return null;
        }

        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in status.Namespaces ?? [])
        {
            if (!ValidNamespace().IsMatch(from ?? "") || !ValidNamespace().IsMatch(to ?? ""))
            {
                _problems.Add("kubernetes.status.namespaces", $"'{from}: {to}' maps a namespace to a namespace: each 1–63 lower-case letters, digits or '-', starting and ending with a letter or digit");
                continue;
            }

            namespaces[from!] = to!;
        }

        var resync = _problems.Duration(status.Resync, "kubernetes.status.resync");
        if (resync < TimeSpan.FromSeconds(5))
        {
            _problems.Add("kubernetes.status.resync", "resync must be at least 5s: watches bring changes sooner, the resync is the safety net");
        }

        return new Cluster.ClusterStatusOptions(config.Kubernetes.Api ?? config.LeaderElection?.Kubernetes ?? Proxy.Discovery.KubeApiOptions.InCluster, namespaces, resync);
    }

    private IEnumerable<(ServeRepositoryConfig Config, string Path, bool Single)> Entries()
    {
        if (config.Repository is not null && config.Repositories is not null)
        {
            _problems.Add("repositories", "give either repository (one) or repositories (a list), not both");
            return [];
        }

        if (config.Repository is { } single)
        {
            return [(single, "repository", true)];
        }

        if (config.Repositories is not { Count: > 0 } list)
        {
            _problems.Add("repositories", "repositories is required: the list of repositories to follow, each with a name and a url");
            return [];
        }

        if (config.Nodes is not null)
        {
            _problems.Add("nodes", "with a repositories list, nodes belong in each repository");
        }

        if (config.GitHub?.Repo is not null)
        {
            _problems.Add("github.repo", "with a repositories list, github.repo belongs in each repository (the top-level github section holds defaults)");
        }

        return list.Select((r, i) => (r, $"repositories[{i}]", false));
    }

    private (RepositorySettings Settings, string Path) Repository(ServeRepositoryConfig r, string path, bool single)
    {
        var name = r.Name ?? (single ? ControlPlaneSettings.DefaultName : "");
        if (name.Length == 0)
        {
            _problems.Add(path, "name is required: it names the repository's state folder and its URLs (/v1/repos/{name}/…)");
        }
        else if (!ValidName().IsMatch(name))
        {
            _problems.Add(path + ".name", $"'{name}' is not a valid name: 1–63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }

        if (r.Url.Length == 0)
        {
            _problems.Add(path, "url is required: the Git remote to follow");
        }
        else if (GitUrl.Refusal(r.Url, r.AllowFileUrls) is { } refusal)
        {
            _problems.Add(path + ".url", $"'{GitUrl.StripUserInfo(r.Url)}' {refusal}");
        }

        var nodeToken = r.NodeTokenFile is not null || r.NodeTokenEnv is not null
            ? _problems.Secret((r.NodeTokenFile, path + ".nodeTokenFile"), (r.NodeTokenEnv, path + ".nodeTokenEnv"))
            : _problems.Secret((config.NodeTokenFile, "nodeTokenFile"), (config.NodeTokenEnv, "nodeTokenEnv"));
        if (nodeToken is null && r.NodeTokenFile is null && r.NodeTokenEnv is null && config.NodeTokenFile is null && config.NodeTokenEnv is null)
        {
            _problems.Add(path, "nodeTokenFile or nodeTokenEnv is required (in the repository or at the top level): nodes authenticate with it");
        }

        var gitToken = _problems.Secret((r.TokenFile, path + ".tokenFile"), (r.TokenEnv, path + ".tokenEnv"));
        if (r.SshKeyFile is { } key && !File.Exists(key))
        {
            _problems.Add(path + ".sshKeyFile", $"cannot read '{key}': no such file");
        }

        var github = new ServeGitHubResolver(_problems).Resolve(single ? config.GitHub : r.GitHub, single ? "github" : path + ".github", single ? null : config.GitHub);
        var settings = new RepositorySettings(
            name,
            r.Url,
            single ? config.StateDir : Path.Combine(config.StateDir, name),
            r.TargetBranch,
            nodeToken ?? "",
            new GitCredentials(gitToken, r.SshKeyFile),
            _problems.Duration(r.FetchTimeout, path + ".fetchTimeout"),
            r.PollInterval is { } poll ? _problems.Duration(poll, path + ".pollInterval") : _problems.Duration(config.PollInterval, "pollInterval"),
            r.AckTimeout is { } ack ? _problems.Duration(ack, path + ".ackTimeout") : _problems.Duration(config.AckTimeout, "ackTimeout"),
            (single ? config.Nodes : r.Nodes) ?? [],
            github?.Settings,
            github?.WebhookSecret,
            r.AllowFileUrls,
            github?.WebhookSecretFile)
        {
            Rollout = Rollout(r.Rollout, path + ".rollout"),
            Drift = new ServeDriftResolver(_problems, config.Drift).Resolve(r.Drift, path + ".drift"),
            RequireReviewedPlans = r.RequireReviewedPlans,
        };
        if (r.RequireReviewedPlans && github is null)
        {
            _problems.Add(path + ".requireReviewedPlans", "needs github: plans are reviewed on pull requests, without them nothing would ever be applied");
        }

        return (settings, path);
    }

    /// <summary>A repository's rollout: its own fields, else the top level's, else the defaults.</summary>
    private Apply.RolloutOptions Rollout(ServeRolloutConfig? own, string path)
    {
        var top = config.Rollout;
        var d = Apply.RolloutOptions.Default;
        var canaries = own?.CanaryNodes ?? top?.CanaryNodes ?? d.CanaryNodes;
        var bake = own?.Bake is { } b ? _problems.Duration(b, path + ".bake") : top?.Bake is { } t ? _problems.Duration(t, "rollout.bake") : d.Bake;
        var rate = own?.MaxErrorRate ?? top?.MaxErrorRate ?? d.MaxErrorRate;
        var min = own?.MinRequests ?? top?.MinRequests ?? d.MinRequests;
        if (canaries < 0)
        {
            _problems.Add(path + ".canaryNodes", "canaryNodes must be 0 (no canary) or more");
        }

        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            _problems.Add(path + ".maxErrorRate", "maxErrorRate is a share of requests, from 0 to 1");
        }

        if (min < 1)
        {
            _problems.Add(path + ".minRequests", "minRequests must be at least 1");
        }

        return new Apply.RolloutOptions(canaries, bake, rate, min) { Replay = Replay(own?.Replay is not null ? own.Replay : top?.Replay, own?.Replay is not null ? path + ".replay" : "rollout.replay") };
    }

    private IReadOnlyDictionary<string, Apply.ReplayTarget> Replay(Dictionary<string, ServeReplayTarget>? replay, string path)
    {
        if (replay is not { Count: > 0 })
        {
            return Apply.RolloutOptions.Default.Replay; // the one empty instance, so rollouts without replay compare equal
        }

        var targets = new Dictionary<string, Apply.ReplayTarget>(StringComparer.Ordinal);
        foreach (var (node, target) in replay ?? [])
        {
            var ports = target.Ports ?? [];
            if (string.IsNullOrWhiteSpace(target.Address) || target.Address.Any(c => char.IsWhiteSpace(c) || c is '/' or '@'))
            {
                _problems.Add($"{path}.{node}.address", "address is the host name or IP address the node's listeners are reached on");
            }
            else if (ports.Any(p => p.Key is < 1 or > 65535 || p.Value is < 1 or > 65535))
            {
                _problems.Add($"{path}.{node}.ports", "ports maps a plan port to the node's port, each from 1 to 65535");
            }
            else
            {
                targets[node] = new Apply.ReplayTarget(target.Address, ports);
            }
        }

        return targets;
    }

    private void Unique(IReadOnlyList<(RepositorySettings Settings, string Path)> repositories, Func<(RepositorySettings Settings, string Path), string> key, string field, string rule)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repository in repositories)
        {
            var value = key(repository);
            if (value.Length > 0 && !first.TryAdd(value, repository.Path))
            {
                var earlier = first[value];
                _problems.Add($"{repository.Path}.{field}", $"'{value}' is already used by {earlier} (line {_problems.LineOf(earlier + "." + field)}); {rule}");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?\\z")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\z")]
    private static partial Regex ValidNamespace();
}
