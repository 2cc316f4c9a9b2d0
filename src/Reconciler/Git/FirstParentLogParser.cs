using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Parses <see cref="FirstParentLog"/>'s output as it arrives: each call takes the complete records at the start of
/// what it is given and says how many bytes it used, so the caller keeps only the unfinished tail. A commit is
/// complete when the next one starts or the output ends.
/// </summary>
internal sealed class FirstParentLogParser
{
    private (string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)? _current;

    /// <summary>The commits completed so far, oldest first; the caller takes them and clears the list.</summary>
    public List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)> Completed { get; } = [];

    /// <summary>
    /// Parses the complete records of <paramref name="data"/>; returns the bytes used. With <paramref name="final"/>
    /// (the end of the output) every byte must belong to a record and the last commit is completed.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data, bool final)
    {
        var used = 0;
        while (Next(data[used..], final) is var length and > 0)
        {
            used += length;
        }

        if (final && _current is { } last)
        {
            Completed.Add(last);
            _current = null;
        }

        return used;
    }

    // "\x01<commit> <parents>\0\n" then ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0" per change (git-diff(1), raw format, -z).
    // The length of the record at the start (newlines before it included), 0 when it is not complete yet.
    private int Next(ReadOnlySpan<byte> data, bool final)
    {
        var newlines = 0;
        while (newlines < data.Length && data[newlines] is (byte)'\n')
        {
            newlines++;
        }

        var rest = data[newlines..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            return final && !rest.IsEmpty ? throw new GitException(GitFailure.CommandFailed, "unexpected git log output: a record without its terminator") : (rest.IsEmpty ? newlines : 0);
        }

        var record = rest[..end];
        if (record.IsEmpty)
        {
            throw new GitException(GitFailure.CommandFailed, "unexpected git log output: an empty record");
        }

        if (record[0] == 1)
        {
            if (_current is { } previous)
            {
                Completed.Add(previous);
            }

            var (id, firstParent) = CommitRecord(record[1..]);
            _current = (id, firstParent, []);
            return newlines + end + 1;
        }

        var path = rest[(end + 1)..];
        var pathEnd = path.IndexOf((byte)0);
        if (_current is not { } commit || record[0] != (byte)':' || (pathEnd < 0 && final))
        {
            throw new GitException(GitFailure.CommandFailed, "unexpected git log output: " + Encoding.UTF8.GetString(record));
        }

        if (pathEnd < 0)
        {
            return 0;
        }

        var meta = Encoding.ASCII.GetString(record[1..]).Split(' ');
        var deleted = meta.Length != 5 || meta[4] == "D";
        var regular = !deleted && meta[1] is "100644" or "100755";
        commit.Changes.Add(new FirstParentLog.Change(Encoding.UTF8.GetString(path[..pathEnd]), regular ? meta[3] : null, deleted ? null : meta[1], deleted ? null : meta[3]));
        return newlines + end + 1 + pathEnd + 1;
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
