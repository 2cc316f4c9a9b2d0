using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// The Gateway API HTTPPathModifier: <c>ReplaceFullPath</c> replaces the whole path; <c>ReplacePrefixMatch</c>
/// replaces the part the entry's PathPrefix matched, on segment boundaries, so that prefix <c>/foo</c> with
/// replacement <c>/xyz</c> turns <c>/foo/bar</c> into <c>/xyz/bar</c> and replacement <c>/</c> turns it into
/// <c>/bar</c>. https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
/// </summary>
internal static class PathRewriter
{
    /// <summary>The new path; <paramref name="matchedPrefix"/> is the entry's PathPrefix value, or null.</summary>
    public static string Rewrite(PathModifier modifier, string path, string? matchedPrefix)
    {
        if (string.Equals(modifier.Type, "ReplaceFullPath", StringComparison.Ordinal))
        {
            return modifier.Value;
        }

        if (matchedPrefix is null)
        {
            return path;
        }

        var prefix = matchedPrefix.TrimEnd('/');
        var remainder = path.Length >= prefix.Length ? path[prefix.Length..] : "";
        if (remainder.Length > 0 && remainder[0] != '/')
        {
            remainder = "/" + remainder;
        }

        var replacement = modifier.Value.TrimEnd('/');
        var result = replacement + remainder;
        return result.Length == 0 ? "/" : result;
    }
}
