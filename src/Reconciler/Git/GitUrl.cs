using System.Text.RegularExpressions;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Repository URLs: which the control plane follows, and how they may be shown (without user-info,
/// <c>https://user:secret@host</c> → <c>https://***@host</c>).
/// </summary>
internal static partial class GitUrl
{
    public static string StripUserInfo(string text) => UserInfo().Replace(text, "$1***@");

    /// <summary>
    /// Why <paramref name="url"/> may not be followed, or null. Allowed: <c>https://</c>, <c>ssh://</c>, <c>git://</c>
    /// and scp-like <c>user@host:path</c>; a local path or <c>file://</c> only with <paramref name="allowFile"/> (tests,
    /// the demo). Plain <c>http://</c>, <c>ext::</c> and every other transport are refused, as is anything git could
    /// read as an option.
    /// </summary>
    public static string? Refusal(string url, bool allowFile)
    {
        if (url.Length == 0 || url.StartsWith('-') || url.Any(char.IsControl))
        {
            return "is not a repository URL";
        }

        if (Scheme().Match(url) is { Success: true } scheme)
        {
            return scheme.Groups[1].Value.ToLowerInvariant() switch
            {
                "https" or "ssh" or "git" => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? null : "has no host",
                "file" => allowFile ? null : "is a file:// URL; set allowFileUrls: true to follow a repository on this machine",
                var other => $"uses {other}://; only https://, ssh:// and git:// (or user@host:path) are followed",
            };
        }

        if (url.Contains("::", StringComparison.Ordinal))
        {
            return "names a git remote helper; only https://, ssh:// and git:// are followed";
        }

        if (ScpLike().IsMatch(url))
        {
            return null;
        }

        return allowFile ? null : "is a local path; set allowFileUrls: true to follow a repository on this machine";
    }

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*)://")]
    private static partial Regex Scheme();

    // git's scp-like syntax: [user@]host:path, where the host part has no slash (otherwise git reads a local path).
    [GeneratedRegex(@"^([A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]+:(?!//)[^\s]*\z")]
    private static partial Regex ScpLike();
}
