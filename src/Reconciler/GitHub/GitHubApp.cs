namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// <c>GET /app</c> (with the app JWT): the app's slug, from which GitHub names its bot user <c>&lt;slug&gt;[bot]</c>.
/// https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app
/// </summary>
internal sealed record GitHubApp(string Slug);
