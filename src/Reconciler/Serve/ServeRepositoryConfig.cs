using YamlDotNet.Serialization;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// One entry of <c>repositories:</c> (or the first format's <c>repository:</c>). Poll interval, ack timeout, node
/// token and GitHub settings left out here are taken from the top level of the file.
/// </summary>
internal sealed class ServeRepositoryConfig
{
    public string? Name { get; set; }

    public string Url { get; set; } = "";

    public string TargetBranch { get; set; } = "main";

    /// <summary>Lets <see cref="Url"/> be a local path or <c>file://</c> URL; off by default.</summary>
    public bool AllowFileUrls { get; set; }

    /// <summary>
    /// Apply only heads whose plan was shown green on a pull request; off by default, since repositories that
    /// take direct pushes or have no GitHub reviews would stop applying.
    /// </summary>
    public bool RequireReviewedPlans { get; set; }

    public string? TokenFile { get; set; }

    public string? TokenEnv { get; set; }

    public string? SshKeyFile { get; set; }

    public string FetchTimeout { get; set; } = "60s";

    public string? PollInterval { get; set; }

    public string? AckTimeout { get; set; }

    public List<string>? Nodes { get; set; }

    public string? NodeTokenFile { get; set; }

    public string? NodeTokenEnv { get; set; }

    [YamlMember(Alias = "github")]
    public ServeGitHubConfig? GitHub { get; set; }

    public ServeRolloutConfig? Rollout { get; set; }

    public ServeDriftConfig? Drift { get; set; }
}
