namespace GitGateway.Reconciler.Hosting;

/// <summary>The <c>repository:</c> section of the serve config.</summary>
internal sealed class ServeRepositoryConfig
{
    public string Url { get; set; } = "";

    public string TargetBranch { get; set; } = "main";

    public string? TokenFile { get; set; }

    public string? TokenEnv { get; set; }

    public string? SshKeyFile { get; set; }

    public string FetchTimeout { get; set; } = "60s";
}
