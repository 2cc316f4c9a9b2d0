namespace GitGateway.Reconciler.GitHub;

/// <summary>An issue or pull request comment (<c>GET /repos/{owner}/{repo}/issues/{number}/comments</c>) and who wrote it.</summary>
internal sealed record IssueComment(long Id, string Body, string? HtmlUrl, GitHubUser? User = null);
