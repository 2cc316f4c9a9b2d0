namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The <c>next</c> page of a paginated GitHub answer, from its <c>Link</c> header (RFC 8288), accepted only when it
/// points back at the API's own origin: a hostile or confused answer must not make the client send its token
/// elsewhere. https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
/// </summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response, Uri apiBase)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length < 2 || !pieces[0].StartsWith('<') || !pieces[0].EndsWith('>')
                || !pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                continue;
            }

            return Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var next)
                && Uri.Compare(next, apiBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                && next.AbsolutePath.StartsWith(apiBase.AbsolutePath, StringComparison.Ordinal)
                ? next
                : null;
        }

        return null;
    }
}
