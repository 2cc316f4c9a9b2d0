using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// The first-parent history of a commit with each commit's file changes against its first parent, oldest first,
/// from one <c>git log --first-parent --diff-merges=first-parent --raw -z --no-renames</c> (a merge shows what it
/// brought to the branch; renames are a delete and an add). Paths are NUL-terminated, never quoted. Each commit comes
/// with its first parent (null for a root), so a walk that starts after a commit it knows can check it joined that one.
/// </summary>
internal static class FirstParentLog
{
    /// <summary>One file change: the new blob (null when deleted or not a regular file) at <see cref="Path"/>.</summary>
    public sealed record Change(string Path, string? NewBlob);

    /// <summary>
    /// The commits after <paramref name="after"/> (exclusive; null from the root) up to <paramref name="commit"/>, oldest
    /// first; with <paramref name="newest"/>, only that many of the newest.
    /// </summary>
    public static async Task<List<(string Commit, string? FirstParent, List<Change> Changes)>> ReadAsync(
        GitRepository repository, string commit, string? after, CancellationToken cancellationToken, int? newest = null)
    {
        List<string> args = ["log", "--first-parent", "--diff-merges=first-parent", "--raw", "-z", "--no-renames", "--no-abbrev", "--reverse", "--no-show-signature", "--format=%x01%H %P"];
        if (newest is { } count)
        {
            args.Add($"--max-count={count.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        args.AddRange(["--end-of-options", commit]);
        if (after is not null)
        {
            args.Add("^" + after);
        }

        var result = await repository.Command(args).ExecuteCheckedAsync(cancellationToken).ConfigureAwait(false);
        return Parse(result.StandardOutput);
    }

    // "\x01<commit> <parents>\0\n" then ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0" per change (git-diff(1), raw format, -z).
    internal static List<(string Commit, string? FirstParent, List<Change> Changes)> Parse(ReadOnlySpan<byte> output)
    {
        var commits = new List<(string, string?, List<Change>)>();
        List<Change>? changes = null;
        while (!output.IsEmpty)
        {
            if (output[0] is (byte)'\n')
            {
                output = output[1..];
                continue;
            }

            var end = output.IndexOf((byte)0);
            if (end < 0)
            {
                throw new GitException(GitFailure.CommandFailed, "unexpected git log output: a record without its terminator");
            }

            var record = output[..end];
            output = output[(end + 1)..];
            if (record.IsEmpty)
            {
                throw new GitException(GitFailure.CommandFailed, "unexpected git log output: an empty record");
            }

            if (record[0] == 1)
            {
                changes = [];
                var (id, firstParent) = CommitRecord(record[1..]);
                commits.Add((id, firstParent, changes));
                continue;
            }

            var pathEnd = output.IndexOf((byte)0);
            if (changes is null || record[0] != (byte)':' || pathEnd < 0)
            {
                throw new GitException(GitFailure.CommandFailed, "unexpected git log output: " + Encoding.UTF8.GetString(record));
            }

            var path = Encoding.UTF8.GetString(output[..pathEnd]);
            output = output[(pathEnd + 1)..];
            var meta = Encoding.ASCII.GetString(record[1..]).Split(' ');
            var regular = meta.Length == 5 && meta[1] is "100644" or "100755" && meta[4] != "D";
            changes.Add(new Change(path, regular ? meta[3] : null));
        }

        return commits;
    }

    // "<commit> <first parent> <other parents…>", the parents empty for a root commit.
    private static (string Commit, string? FirstParent) CommitRecord(ReadOnlySpan<byte> record)
    {
        var ids = Encoding.ASCII.GetString(record).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            throw new GitException(GitFailure.CommandFailed, "unexpected git log output: a commit record without its id");
        }

        return (ids[0], ids.Length > 1 ? ids[1] : null);
    }
}
