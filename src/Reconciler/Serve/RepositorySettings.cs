using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// One repository the control plane follows, an independent routing domain: its own remote and credentials,
/// target branch, poll interval, state folder (bare mirror, applied revision, node status, reviewed heads), node
/// token and nodes, code host and webhook secret. <see cref="Name"/> names it in URLs (<c>/v1/repos/{name}/…</c>,
/// <c>/webhooks/github/{name}</c>) and logs. <see cref="AllowFileUrls"/> lets <see cref="RepositoryUrl"/> be a local
/// path or <c>file://</c> URL (tests, the demo); otherwise only https, ssh and git remotes are followed.
/// </summary>
internal sealed record RepositorySettings(
    string Name,
    string RepositoryUrl,
    string StateDirectory,
    string TargetBranch,
    string NodeToken,
    GitCredentials GitCredentials,
    TimeSpan FetchTimeout,
    TimeSpan PollInterval,
    TimeSpan AckTimeout,
    IReadOnlyList<string> Nodes,
    GitHubSettings? GitHub,
    string? WebhookSecret,
    bool AllowFileUrls = false,
    string? WebhookSecretFile = null)
{
    /// <summary>
    /// The control plane's address as reviewers reach it, for links from a pull-request comment to the full review;
    /// null: no such links.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>How new plans roll out to this repository's nodes.</summary>
    public Apply.RolloutOptions Rollout { get; init; } = Apply.RolloutOptions.Default;

    /// <summary>How drift is watched, shown and repaired (issue 15).</summary>
    public GitGateway.Reconciler.Drift.DriftOptions Drift { get; init; } = GitGateway.Reconciler.Drift.DriftOptions.Default;

    /// <summary>Apply only heads whose plan a pull request showed with a passing plan check (needs GitHub).</summary>
    public bool RequireReviewedPlans { get; init; }

    // The generated ToString would print the node token and the webhook secret into any log or exception message.
    public override string ToString() =>
        $"RepositorySettings {{ Name = {Name}, RepositoryUrl = {GitUrl.StripUserInfo(RepositoryUrl)}, TargetBranch = {TargetBranch} }}";
}
