using System.Runtime.CompilerServices;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Streams <c>git ls-tree -r -z -l</c> one entry at a time, so a tree of a million files is never held whole: a
/// caller that stops enumerating stops git (disposing the process), and one that counts on keeps only its counts.
/// </summary>
internal static class GitTreeStream
{
    // A path is at most 4096 bytes on Linux; with mode, type, id and size a record is well under this.
    private const int MaxRecordBytes = 64 * 1024;

    public static async IAsyncEnumerable<GitTreeEntry> ReadAsync(GitRepository repository, string commit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = repository.Command("ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", commit);
        await using var process = command.Start(cancellationToken);
        process.Input.Close();
        var buffer = new byte[MaxRecordBytes];
        var start = 0;
        var end = 0;
        while (true)
        {
            var nul = Array.IndexOf(buffer, (byte)0, start, end - start);
            if (nul >= 0)
            {
                yield return GitRepository.ParseEntry(buffer.AsSpan(start, nul - start));
                start = nul + 1;
                continue;
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end == buffer.Length)
            {
                throw new GitException(GitFailure.CommandFailed, $"git ls-tree wrote a record over {MaxRecordBytes} bytes");
            }

            var read = await process.ReadOutputAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            end += read;
        }

        if (end > 0)
        {
            yield return GitRepository.ParseEntry(buffer.AsSpan(0, end));
        }

        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw process.Failed(exitCode);
        }
    }

}
