namespace GitGateway.Reconciler.Git;

/// <summary>
/// A commit id or plan hash cut for people: 12 characters in logs, statuses and conditions, 7 in GitHub texts (as
/// GitHub itself shows a commit). One place, so every text names the same commit the same way.
/// </summary>
internal static class ShortId
{
    /// <summary>The first <paramref name="length"/> characters of <paramref name="commit"/> (all of a shorter one).</summary>
    public static string Commit(string commit, int length = 12) => commit.Length > length ? commit[..length] : commit;

    /// <summary>A plan hash without its <c>sha256:</c> prefix, cut to 12 characters; "none" for no hash.</summary>
    public static string Plan(string? hash)
    {
        var bare = hash?.Replace("sha256:", "", StringComparison.Ordinal) ?? "";
        return bare.Length == 0 ? "none" : Commit(bare);
    }
}
