using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Scheduling;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The file <c>gitgateway serve --config</c> reads (YAML). Secrets are never inline: each is a file path or the
/// name of an environment variable. See deploy/README.md for an example.
/// </summary>
internal sealed class ServeConfig
{
    public ServeRepositoryConfig Repository { get; set; } = new();

    [YamlMember(Alias = "github")]
    public ServeGitHubConfig? GitHub { get; set; }

    public string Listen { get; set; } = "http://127.0.0.1:8080";

    public string StateDir { get; set; } = "/var/lib/gitgateway";

    public string? NodeTokenFile { get; set; }

    public string? NodeTokenEnv { get; set; }

    public List<string> Nodes { get; set; } = [];

    public string PollInterval { get; set; } = "60s";

    public string AckTimeout { get; set; } = "10s";

    public static ServeConfig Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .WithAttemptingUnquotedStringTypeDeserialization()
            .Build();
        return deserializer.Deserialize<ServeConfig>(File.ReadAllText(path)) ?? new ServeConfig();
    }

    /// <summary>Reads the secrets and checks the values; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public ControlPlaneSettings ToSettings()
    {
        if (Repository.Url.Length == 0)
        {
            throw new FormatException("repository.url is required");
        }

        var nodeToken = Secret(NodeTokenFile, NodeTokenEnv) ?? throw new FormatException("nodeTokenFile or nodeTokenEnv is required: nodes authenticate with it");
        GitHubSettings? github = null;
        string? webhookSecret = null;
        if (GitHub is { } gh)
        {
            var key = gh.PrivateKeyFile is null ? null : File.ReadAllText(gh.PrivateKeyFile);
            github = new GitHubSettings(new Uri(gh.Api), gh.Repo, Secret(gh.TokenFile, gh.TokenEnv), gh.AppId, gh.InstallationId, key, gh.Web);
            webhookSecret = Secret(gh.WebhookSecretFile, gh.WebhookSecretEnv);
        }

        return new ControlPlaneSettings(
            Repository.Url,
            StateDir,
            Repository.TargetBranch,
            Listen,
            nodeToken,
            GitCredentials.FromConfig(Repository.TokenFile, Repository.TokenEnv, Repository.SshKeyFile),
            Duration(Repository.FetchTimeout, "repository.fetchTimeout"),
            Duration(PollInterval, "pollInterval"),
            Duration(AckTimeout, "ackTimeout"),
            Nodes,
            github,
            webhookSecret);
    }

    private static string? Secret(string? file, string? env)
    {
        var value = file is not null ? File.ReadAllText(file) : env is not null ? Environment.GetEnvironmentVariable(env) : null;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan Duration(string text, string name) =>
        FreezeWindowReader.TryParseDuration(text, out var d) ? d : throw new FormatException($"{name}: '{text}' is not a duration like 60s or 5m");
}
