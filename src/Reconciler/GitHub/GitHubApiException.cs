using System.Net;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// A GitHub REST call that failed after retries. The message holds the method, path, status and GitHub's own
/// message, never a header, so no credential can leak through it.
/// </summary>
internal sealed class GitHubApiException : Exception
{
    public GitHubApiException(string message, HttpStatusCode? statusCode)
        : base(message) => StatusCode = statusCode;

    public GitHubApiException(string message, HttpStatusCode? statusCode, Exception inner)
        : base(message, inner) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }
}
