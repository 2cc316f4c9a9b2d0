using System.Net;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// A GitHub REST call that failed after retries. The message holds the method, path, status and GitHub's own
/// message, never a header, so no credential can leak through it. <see cref="RateLimitWait"/> is the wait a
/// rate-limited answer asked for (<c>retry-after</c>, or until <c>x-ratelimit-reset</c>).
/// </summary>
internal sealed class GitHubApiException : Exception
{
    public GitHubApiException(string message, HttpStatusCode? statusCode, TimeSpan? rateLimitWait = null)
        : base(message)
    {
        StatusCode = statusCode;
        RateLimitWait = rateLimitWait;
    }

    public GitHubApiException(string message, HttpStatusCode? statusCode, Exception inner)
        : base(message, inner) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Octokit's error for <paramref name="what"/> as ours: the status, GitHub's own message and the rate-limit wait,
    /// without Octokit's exception inside (its text may quote the answer at length).
    /// </summary>
    public static GitHubApiException From(Octokit.ApiException e, string what, TimeProvider time) =>
        new($"{what}: {(int)e.StatusCode} {e.ApiError?.Message ?? e.Message}", e.StatusCode, GitHubRetryPolicy.RateLimitDelay(e, time));

    public TimeSpan? RateLimitWait { get; }

    /// <summary>A 403 or 429: a rate limit, with or without headers saying how long (GitHub's secondary limits may send none).</summary>
    public bool MayBeRateLimit => StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Worth sending again later: a rate limit, a server error, no answer at all, or refused credentials (a rotated
    /// key or an expired token is fixed by an operator, and the writes waiting for it must not be lost meanwhile).
    /// </summary>
    public bool IsTransient => MayBeRateLimit || StatusCode is null or HttpStatusCode.Unauthorized || (int)StatusCode >= 500;
}
