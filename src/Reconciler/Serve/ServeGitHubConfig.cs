namespace GitGateway.Reconciler.Serve;

/// <summary>
/// A <c>github:</c> section of the serve config: a token, or a GitHub App (for check runs), and the webhook secret.
/// At the top level it holds defaults for every repository; in a repository it names the GitHub repository
/// (<c>repo: owner/name</c>) and may override any field.
/// </summary>
internal sealed class ServeGitHubConfig
{
    public string? Api { get; set; }

    public string? Web { get; set; }

    public string? Repo { get; set; }

    public string? TokenFile { get; set; }

    public string? TokenEnv { get; set; }

    public string? AppId { get; set; }

    public long? InstallationId { get; set; }

    public string? PrivateKeyFile { get; set; }

    public string? WebhookSecretFile { get; set; }

    public string? WebhookSecretEnv { get; set; }
}
