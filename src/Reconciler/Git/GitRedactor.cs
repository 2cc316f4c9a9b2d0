using System.Text.RegularExpressions;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Strips credentials from text that may reach a log or a pull-request comment, the way Flux sanitises its
/// error messages: user info in URLs (<c>https://user:token@host</c>), HTTP authorization headers and
/// well-known token shapes. Applied to every Git error text.
/// </summary>
public static partial class GitRedactor
{
    private const string Mask = "***";

    /// <summary>The text with every credential replaced by <c>***</c>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        text = UrlUserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        text = AuthorizationHeader().Replace(text, m => m.Groups["name"].Value + Mask);
        return KnownToken().Replace(text, Mask);
    }

    // scheme://user[:password]@ — RFC 3986 §3.2.1 user information; deprecated in URLs for good reason.
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/@\s]+@", RegexOptions.None, 1000)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?<name>\b(?:proxy-)?authorization\s*[:=]\s*)[^\r\n]+", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex AuthorizationHeader();

    // GitHub personal, OAuth, app and refresh tokens, and fine-grained PATs.
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b", RegexOptions.None, 1000)]
    private static partial Regex KnownToken();
}
