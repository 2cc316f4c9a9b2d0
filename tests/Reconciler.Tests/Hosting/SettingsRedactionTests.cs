using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Tests.Hosting;

public sealed class SettingsRedactionTests
{
    [Fact]
    public void ToString_SettingsWithSecrets_NamesTheRepositoryButNoSecret()
    {
        var github = new GitHubSettings(new Uri("https://api.github.com/"), "acme/routing", "ghp_token-secret", "42", 7, "-----BEGIN PRIVATE KEY-----key-secret");
        var settings = new RepositorySettings(
            "routing", "https://user:url-secret@git.example.com/acme/routing.git", "/tmp/state", "main", "node-token-secret", GitCredentials.None,
            TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), ["node-a"], github, "webhook-secret");

        var text = settings + " " + github;

        Assert.Contains("routing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }
}
