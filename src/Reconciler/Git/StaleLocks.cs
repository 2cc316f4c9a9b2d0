namespace GitGateway.Reconciler.Git;

/// <summary>
/// Lock files a killed git left in our own bare mirror (<c>refs/heads/main.lock</c>, <c>packed-refs.lock</c>,
/// <c>index.lock</c>, <c>shallow.lock</c>, <c>HEAD.lock</c>, <c>config.lock</c>): each blocks every later fetch with
/// "Unable to create '…lock': File exists". The caller holds the mirror's fetch lock, so no writing git of ours is
/// running (readers take no locks: <c>GIT_OPTIONAL_LOCKS=0</c>); a lock older than the bound is also older than any
/// git we could have started, and is removed. File times are on the system clock, so ages are too.
/// </summary>
internal static class StaleLocks
{
    private static readonly string[] TopLevel = ["index.lock", "shallow.lock", "packed-refs.lock", "HEAD.lock", "config.lock", "FETCH_HEAD.lock"];

    /// <summary>Removes the stale locks under <paramref name="gitDir"/>; returns their paths relative to it.</summary>
    public static IReadOnlyList<string> Remove(string gitDir, TimeSpan olderThan, TimeProvider clock)
    {
        var removed = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        var refs = Path.Combine(gitDir, "refs");
        var candidates = TopLevel.Select(name => Path.Combine(gitDir, name))
            .Concat(Directory.Exists(refs) ? Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories) : []);
        foreach (var path in candidates)
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || now - info.LastWriteTimeUtc < olderThan)
            {
                continue;
            }

            info.Delete();
            removed.Add(Path.GetRelativePath(gitDir, path));
        }

        return removed;
    }
}
