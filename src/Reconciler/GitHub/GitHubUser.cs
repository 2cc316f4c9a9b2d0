namespace GitGateway.Reconciler.GitHub;

/// <summary>The <c>user</c> of a comment, or <c>GET /user</c>: only the login is read.</summary>
internal sealed record GitHubUser(string Login);
