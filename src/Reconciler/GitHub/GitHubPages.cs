namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Following a listing page after page: Octokit reads the <c>next</c> link from GitHub's <c>Link</c> header (RFC 8288)
/// into <see cref="Octokit.ApiInfo"/>; the link is followed only when it points back at the API's own origin and
/// path, since a hostile or confused answer must not make the client send its token elsewhere.
/// https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
/// </summary>
internal static partial class GitHubPages
{
    public static Uri? Next(Octokit.IResponse response, Uri apiBase, ILogger logger)
    {
        if (response.ApiInfo is null || Octokit.ApiInfoExtensions.GetNextPageUrl(response.ApiInfo) is not { } next)
        {
            return null;
        }

        if (IsOwnApi(next, apiBase))
        {
            return next;
        }

        LogForeignNext(logger, next.GetLeftPart(UriPartial.Authority));
        return null;
    }

    public static bool IsOwnApi(Uri next, Uri apiBase) =>
        next.IsAbsoluteUri
        && Uri.Compare(next, apiBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        && next.AbsolutePath.StartsWith(apiBase.AbsolutePath, StringComparison.Ordinal);

    public static Uri WithTrailingSlash(Uri apiBase) =>
        apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub listing names its next page on {Origin}, not the API's own origin: not followed")]
    private static partial void LogForeignNext(ILogger logger, string origin);
}
