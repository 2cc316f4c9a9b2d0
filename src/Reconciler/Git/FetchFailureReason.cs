namespace GitGateway.Reconciler.Git;

/// <summary>
/// Why a fetch failed, as a metric label (<c>gitgateway_git_fetch_failures_total{reason}</c>): read from git's
/// failure kind and its standard error, which git words the same way for every transport it speaks.
/// </summary>
internal static class FetchFailureReason
{
    public const string Unreachable = "unreachable";
    public const string Auth = "auth";
    public const string NotFound = "not_found";
    public const string Timeout = "timeout";
    public const string UrlRefused = "url_refused";
    public const string Other = "other";

    private static readonly string[] AuthSigns =
        ["authentication failed", "could not read username", "could not read password", "terminal prompts disabled",
         "permission denied", "returned error: 401", "returned error: 403", "access denied", "invalid credentials"];

    private static readonly string[] NotFoundSigns =
        ["repository not found", "does not appear to be a git repository", "returned error: 404", "no such repository"];

    private static readonly string[] UnreachableSigns =
        ["unable to connect", "could not resolve host", "failed to connect", "connection refused", "connection timed out",
         "connection reset", "network is unreachable", "no route to host", "couldn't connect", "the remote end hung up"];

    public static string Of(GitException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Failure == GitFailure.TimedOut)
        {
            return Timeout;
        }

        var text = (e.StandardError + "\n" + e.Message).ToLowerInvariant();
        return AuthSigns.Any(text.Contains) ? Auth
            : NotFoundSigns.Any(text.Contains) ? NotFound
            : UnreachableSigns.Any(text.Contains) ? Unreachable
            : Other;
    }
}
