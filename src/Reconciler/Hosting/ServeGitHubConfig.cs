namespace GitGateway.Reconciler.Hosting;

/// <summary>The <c>github:</c> section of the serve config: a token, or a GitHub App (for check runs).</summary>
internal sealed class ServeGitHubConfig
{
    public string Api { get; set; } = "https://api.github.com/";

    public string Web { get; set; } = "https://github.com/";

    public string Repo { get; set; } = "";

    public string? TokenFile { get; set; }

    public string? TokenEnv { get; set; }

    public string? AppId { get; set; }

    public long? InstallationId { get; set; }

    public string? PrivateKeyFile { get; set; }

    public string? WebhookSecretFile { get; set; }

    public string? WebhookSecretEnv { get; set; }
}
