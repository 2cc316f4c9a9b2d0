namespace GitGateway.Reconciler.Serve;

/// <summary>
/// A repository's GitHub settings: its own <c>github:</c> section (which must name <c>repo: owner/name</c>), each
/// field it leaves out taken from the top-level <c>github:</c> defaults. Needs a token, or a GitHub App (app id,
/// installation id, private key file).
/// </summary>
internal sealed class ServeGitHubResolver(ServeConfigProblems problems)
{
    public (GitHubSettings Settings, string? WebhookSecret, string? WebhookSecretFile)? Resolve(ServeGitHubConfig? own, string path, ServeGitHubConfig? defaults)
    {
        if (own is null)
        {
            return null;
        }

        string At(string? ownValue, string field) => ownValue is not null || defaults is null ? $"{path}.{field}" : $"github.{field}";

        var repo = own.Repo ?? "";
        var parts = repo.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            problems.Add(repo.Length == 0 ? path : path + ".repo", repo.Length == 0 ? "repo is required: the GitHub repository as owner/name" : $"'{repo}' is not owner/name");
        }

        var api = Url(own.Api ?? defaults?.Api ?? "https://api.github.com/", At(own.Api, "api"));
        var web = Url(own.Web ?? defaults?.Web ?? "https://github.com/", At(own.Web, "web"));
        var tokenFile = own.TokenFile ?? (own.TokenEnv is null ? defaults?.TokenFile : null);
        var tokenEnv = own.TokenEnv ?? (own.TokenFile is null ? defaults?.TokenEnv : null);
        var token = problems.Secret((tokenFile, At(own.TokenFile, "tokenFile")), (tokenEnv, At(own.TokenEnv, "tokenEnv")));
        var appId = own.AppId ?? defaults?.AppId;
        var installation = own.InstallationId ?? defaults?.InstallationId;
        var keyFile = own.PrivateKeyFile ?? defaults?.PrivateKeyFile;
        var key = problems.Secret((keyFile, At(own.PrivateKeyFile, "privateKeyFile")), (null, ""));
        var isApp = appId is not null && installation is not null && keyFile is not null;
        if (!isApp && tokenFile is null && tokenEnv is null)
        {
            problems.Add(path, "github needs tokenFile or tokenEnv, or a GitHub App: appId, installationId and privateKeyFile");
        }

        var secretFile = own.WebhookSecretFile ?? (own.WebhookSecretEnv is null ? defaults?.WebhookSecretFile : null);
        var secretEnv = own.WebhookSecretEnv ?? (own.WebhookSecretFile is null ? defaults?.WebhookSecretEnv : null);
        var secret = problems.Secret((secretFile, At(own.WebhookSecretFile, "webhookSecretFile")), (secretEnv, At(own.WebhookSecretEnv, "webhookSecretEnv")));
        return (new GitHubSettings(api, repo, isApp ? null : token, isApp ? appId : null, isApp ? installation : null, isApp ? key : null, web.ToString()), secret, secretFile);
    }

    private Uri Url(string text, string path)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        problems.Add(path, $"'{text}' is not an absolute URL");
        return new Uri("https://invalid.invalid/");
    }
}
