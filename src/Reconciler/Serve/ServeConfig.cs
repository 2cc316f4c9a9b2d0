using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// The file <c>gitgateway serve --config</c> reads (YAML): <c>repositories:</c>, a list of repositories, each its
/// own routing domain, with listen address, state dir, node token, poll interval, ack timeout and GitHub settings
/// at the top as defaults. A file with one <c>repository:</c> (the first format) still loads as one repository.
/// Secrets are never inline: each is a file path or the name of an environment variable. See deploy/README.md.
/// </summary>
internal sealed class ServeConfig
{
    /// <summary>The first format: one repository, its nodes and GitHub settings at the top level.</summary>
    public ServeRepositoryConfig? Repository { get; set; }

    public List<ServeRepositoryConfig>? Repositories { get; set; }

    [YamlMember(Alias = "github")]
    public ServeGitHubConfig? GitHub { get; set; }

    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The control plane's URL as reviewers reach it (links to full reviews); default: <see cref="Listen"/> unless it is a wildcard address.</summary>
    public string? PublicUrl { get; set; }

    public string StateDir { get; set; } = "/var/lib/gitgateway";

    public string? NodeTokenFile { get; set; }

    public string? NodeTokenEnv { get; set; }

    public List<string>? Nodes { get; set; }

    public string PollInterval { get; set; } = "60s";

    public string AckTimeout { get; set; } = "10s";

    /// <summary>Replicas compete for a Lease and only the holder writes; null for a single control plane.</summary>
    public ServeLeaderElectionConfig? LeaderElection { get; set; }

    /// <summary>What the control plane writes into a Kubernetes cluster (the Gateway API objects and their status); null for nothing.</summary>
    public ServeKubernetesConfig? Kubernetes { get; set; }

    /// <summary>Rollout defaults for every repository (canary nodes, bake, regression threshold).</summary>
    public ServeRolloutConfig? Rollout { get; set; }

    /// <summary>Drift defaults for every repository (look interval, grace, repairs, when a silent node is let go).</summary>
    public ServeDriftConfig? Drift { get; set; }

    [YamlIgnore]
    public string FilePath { get; private set; } = "config.yaml";

    [YamlIgnore]
    public ServeConfigMarks Marks { get; private set; } = ServeConfigMarks.Empty;

    /// <summary>Reads the file; a YAML error or an unknown field throws <see cref="ServeConfigException"/> naming file:line.</summary>
    public static ServeConfig Load(string path)
    {
        var text = File.ReadAllText(path);
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        try
        {
            var config = deserializer.Deserialize<ServeConfig>(text) ?? new ServeConfig();
            config.FilePath = path;
            config.Marks = ServeConfigMarks.Read(text);
            return config;
        }
        catch (YamlException ex)
        {
            throw new ServeConfigException([$"{path}:{ex.Start.Line}:{ex.Start.Column}: {ServeConfigMarks.Describe(ex)}"]);
        }
    }

    /// <summary>Checks every value and reads the secrets; throws <see cref="ServeConfigException"/> listing each problem at its file:line.</summary>
    public ControlPlaneSettings ToSettings() => new ServeConfigResolver(this).Resolve();
}
