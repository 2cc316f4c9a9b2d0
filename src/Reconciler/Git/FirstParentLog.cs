using System.Runtime.CompilerServices;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// The first-parent history of a commit with each commit's file changes against its first parent, oldest first,
/// from one <c>git log --first-parent --diff-merges=first-parent --raw -z --no-renames</c> (a merge shows what it
/// brought to the branch; renames are a delete and an add). Paths are NUL-terminated, never quoted. Each commit comes
/// with its first parent (null for a root), so a walk that starts after a commit it knows can check it joined that one.
/// The output is streamed, never held whole: at most <see cref="GitCommand.DefaultMaxOutputBytes"/> of it in all.
/// </summary>
internal static class FirstParentLog
{
    // A record is a commit with its parents or a change's path: a path is at most 4096 bytes on Linux, an octopus merge of 20,000 parents fits.
    private const int MaxRecordBytes = 1024 * 1024;

    /// <summary>
    /// One file change: the new blob (null when deleted or not a regular file) at <see cref="Path"/>, and the tree
    /// entry the path holds after it (<see cref="NewMode"/> and <see cref="NewObject"/>: null when deleted; a link or
    /// a submodule keeps its mode and object here).
    /// </summary>
    public sealed record Change(string Path, string? NewBlob, string? NewMode = null, string? NewObject = null);

    /// <summary>
    /// The commits after <paramref name="after"/> (exclusive; null from the root) up to <paramref name="commit"/>, oldest
    /// first, each as soon as git has written it; with <paramref name="newest"/>, only that many of the newest. Stopping
    /// the enumeration stops git.
    /// </summary>
    public static async IAsyncEnumerable<(string Commit, string? FirstParent, List<Change> Changes)> StreamAsync(
        GitRepository repository, string commit, string? after, [EnumeratorCancellation] CancellationToken cancellationToken, int? newest = null)
    {
        var command = repository.Command(Arguments(commit, after, newest));
        await using var process = command.Start(cancellationToken);
        process.Input.Close();
        var parser = new FirstParentLogParser();
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        long total = 0;
        while (await process.ReadOutputAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false) is var read and > 0)
        {
            total += read;
            if (total > command.MaxOutputBytes)
            {
                throw new GitException(GitFailure.OutputTooLarge, $"{command}: output exceeds {command.MaxOutputBytes} bytes");
            }

            end += read;
            start += parser.Feed(buffer.AsSpan(start, end - start), final: false);
            foreach (var completed in parser.Completed)
            {
                yield return completed;
            }

            parser.Completed.Clear();
            (buffer, start, end) = Compact(buffer, start, end);
        }

        parser.Feed(buffer.AsSpan(start, end - start), final: true);
        foreach (var completed in parser.Completed)
        {
            yield return completed;
        }

        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw process.Failed(exitCode);
        }
    }

    /// <summary>Parses a whole output at once (what <see cref="StreamAsync"/> parses piece by piece).</summary>
    internal static List<(string Commit, string? FirstParent, List<Change> Changes)> Parse(ReadOnlySpan<byte> output)
    {
        var parser = new FirstParentLogParser();
        parser.Feed(output, final: true);
        return parser.Completed;
    }

    private static List<string> Arguments(string commit, string? after, int? newest)
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

        return args;
    }

    // Moves the unparsed tail to the front, leaving room to read into: the buffer doubles when a record fills it, up to MaxRecordBytes.
    private static (byte[] Buffer, int Start, int End) Compact(byte[] buffer, int start, int end)
    {
        var pending = end - start;
        if (pending == buffer.Length)
        {
            if (buffer.Length >= MaxRecordBytes)
            {
                throw new GitException(GitFailure.CommandFailed, $"git log wrote a record over {MaxRecordBytes} bytes");
            }

            var larger = new byte[buffer.Length * 2];
            Buffer.BlockCopy(buffer, start, larger, 0, pending);
            return (larger, 0, pending);
        }

        Buffer.BlockCopy(buffer, start, buffer, 0, pending);
        return (buffer, 0, pending);
    }
}
