using System.Text.RegularExpressions;

namespace GitGateway.Reconciler.Git;

/// <summary>Repository URLs as they may be shown: without user-info (<c>https://user:secret@host</c> → <c>https://***@host</c>).</summary>
internal static partial class GitUrl
{
    public static string StripUserInfo(string text) => UserInfo().Replace(text, "$1***@");

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();
}
