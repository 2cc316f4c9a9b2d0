namespace GitGateway.Reconciler.Serve;

/// <summary>
/// The code host: API base, <c>owner/name</c>, and either a token (commit statuses) or a GitHub App (check runs
/// with annotations); <see cref="WebBaseUrl"/> builds file links in comments.
/// </summary>
internal sealed record GitHubSettings(Uri ApiBase, string Repo, string? Token, string? AppId, long? InstallationId, string? PrivateKeyPem, string WebBaseUrl = "https://github.com/")
{
    // The generated ToString would print the token and the App private key.
    public override string ToString() => $"GitHubSettings {{ ApiBase = {ApiBase}, Repo = {Repo}, AppId = {AppId} }}";
}
