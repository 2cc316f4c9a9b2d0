using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Hosting;

/// <summary>Everything <c>gitgateway serve</c> needs, resolved from the config file (secrets already read).</summary>
internal sealed record ControlPlaneSettings(
    string RepositoryUrl,
    string StateDirectory,
    string TargetBranch,
    string ListenUrl,
    string NodeToken,
    GitCredentials GitCredentials,
    TimeSpan FetchTimeout,
    TimeSpan PollInterval,
    TimeSpan AckTimeout,
    IReadOnlyList<string> Nodes,
    GitHubSettings? GitHub,
    string? WebhookSecret);
