using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// A Git repository addressed by its git directory (a working copy's <c>.git</c>, or a bare mirror), read with
/// plumbing commands only: nothing here checks out a tree, so hostile paths and links never touch the disk.
/// Every command passes <c>--git-dir</c>, so git's repository discovery and the caller's directory play no part.
/// </summary>
public sealed class GitRepository
{
    /// <summary>Wraps the repository whose git directory is <paramref name="gitDirectory"/>.</summary>
    public GitRepository(GitCli git, string gitDirectory)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentException.ThrowIfNullOrEmpty(gitDirectory);
        Git = git;
        GitDirectory = Path.GetFullPath(gitDirectory);
    }

    /// <summary>The CLI settings.</summary>
    public GitCli Git { get; }

    /// <summary>The absolute git directory.</summary>
    public string GitDirectory { get; }

    /// <summary>Opens the repository that contains <paramref name="path"/> (a working copy or a bare repository).</summary>
    public static async Task<GitRepository> OpenAsync(GitCli git, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (!Directory.Exists(path))
        {
            throw new GitException(GitFailure.NotARepository, $"'{path}' is not a directory");
        }

        var result = await git.Command("rev-parse", "--absolute-git-dir").WithWorkingDirectory(path)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new GitException(GitFailure.NotARepository, $"'{path}' is not a Git repository: {result.StandardError.Trim()}",
                result.ExitCode, result.StandardError);
        }

        return new GitRepository(git, result.OutputText);
    }

    /// <summary>A git command bound to this repository.</summary>
    public GitCommand Command(params IEnumerable<string> arguments) =>
        Git.Command(["--git-dir=" + GitDirectory, .. arguments]);

    /// <summary>The full commit id a revision names (branch, tag, short id, <c>HEAD~2</c>, …).</summary>
    /// <remarks>
    /// This and the other reads of one command's output below map it in <see cref="GitCommand.RunAsync{T}"/>'s state
    /// machine rather than awaiting it in one of their own (fewer methods JIT-compiled at start); an argument they reject
    /// is thrown before git runs, as it was, but by the call rather than by the task.
    /// </remarks>
    public Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);

        // --end-of-options: a revision such as "--output=x" must never be read as an option.
        return Command("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}").RunAsync(exitZero: false, result =>
            result.ExitCode == 0
                ? result.OutputText
                : throw new GitException(GitFailure.UnknownRevision,
                    $"'{revision}' does not name a commit in {GitDirectory}: check the branch or commit exists (git fetch?)",
                    result.ExitCode, result.StandardError),
            cancellationToken);
    }

    /// <summary>The best common ancestor of two commits, or null when their histories are unrelated.</summary>
    public Task<string?> MergeBaseAsync(string commitA, string commitB, CancellationToken cancellationToken) =>
        Command("merge-base", "--end-of-options", commitA, commitB).RunAsync(exitZero: false, result => result.ExitCode switch
        {
            0 => result.OutputText,
            1 when result.StandardError.Length == 0 => null,
            _ => throw Command("merge-base", commitA, commitB).Failed(result.ExitCode, result.StandardError),
        }, cancellationToken);

    /// <summary>
    /// The tree that merging <paramref name="commitB"/> into <paramref name="commitA"/> gives (git-merge-tree(1)
    /// <c>--write-tree</c>: objects are written, no ref, index or working tree is touched), or null when the merge
    /// conflicts.
    /// </summary>
    public async Task<string?> MergeTreeAsync(string commitA, string commitB, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commitA);
        ArgumentException.ThrowIfNullOrEmpty(commitB);
        var result = await Command("merge-tree", "--write-tree", "--no-messages", "--end-of-options", commitA, commitB)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => result.OutputText.Split('\n', 2)[0].Trim(),
            1 => null,
            _ => throw Command("merge-tree", commitA, commitB).Failed(result.ExitCode, result.StandardError),
        };
    }

    /// <summary>
    /// A commit's parents and the values of its trailer <paramref name="key"/>, parsed by git itself
    /// (git-interpret-trailers(1): the last paragraph of the message, continuation lines unfolded).
    /// </summary>
    public Task<CommitTrailer> ReadTrailerAsync(string commit, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commit);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Command("log", "-1", "--no-show-signature", $"--format=%P%x00%(trailers:key={key},valueonly,unfold,separator=%x00)", "--end-of-options", commit)
            .RunAsync(exitZero: true, static result =>
            {
                var parts = result.OutputText.Split('\0');
                return new CommitTrailer(
                    parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    [.. parts.Skip(1).Select(v => v.Trim())]);
            }, cancellationToken);
    }

    /// <summary>Reads objects by id with one <c>git cat-file --batch</c> process, streaming, in request order.</summary>
    public IAsyncEnumerable<GitBlob> ReadBlobsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken) =>
        new GitBlobReader(this).ReadAsync(objectIds, cancellationToken);

    /// <summary>The same, giving the first object over <paramref name="maxBytes"/> unread and stopping there (<see cref="GitBlob.UnreadSize"/>).</summary>
    public IAsyncEnumerable<GitBlob> ReadBlobsAsync(IReadOnlyList<string> objectIds, long maxBytes, CancellationToken cancellationToken) =>
        new GitBlobReader(this).ReadAsync(objectIds, cancellationToken, maxBytes);

    /// <summary>
    /// Streams the entries of <paramref name="commit"/>'s tree (<c>ls-tree -r -l</c>) one at a time: stopping the
    /// enumeration stops git, so a caller holding a cap never lists more than it needs.
    /// </summary>
    public IAsyncEnumerable<GitTreeEntry> StreamTreeAsync(string commit, CancellationToken cancellationToken) =>
        GitTreeStream.ReadAsync(this, commit, cancellationToken);

    /// <summary>The entry at <paramref name="path"/> in the root of <paramref name="commit"/>'s tree, or null.</summary>
    public Task<GitTreeEntry?> FindRootEntryAsync(string commit, string path, CancellationToken cancellationToken) =>
        // A literal pathspec: a name such as "*.yaml" or ":(glob)" matches only itself.
        Command("--literal-pathspecs", "ls-tree", "-z", "-l", "--full-tree", "--end-of-options", commit, "--", path)
            .RunAsync(exitZero: true, result => ParseTree(result.StandardOutput).FirstOrDefault(e => e.Path == path), cancellationToken);

    // "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL" (git-ls-tree(1), --long, -z: paths are not quoted).
    internal static List<GitTreeEntry> ParseTree(ReadOnlySpan<byte> output)
    {
        var entries = new List<GitTreeEntry>();
        while (!output.IsEmpty)
        {
            var end = output.IndexOf((byte)0);
            var record = end < 0 ? output : output[..end];
            output = end < 0 ? [] : output[(end + 1)..];
            entries.Add(ParseEntry(record));
        }

        return entries;
    }

    internal static GitTreeEntry ParseEntry(ReadOnlySpan<byte> record)
    {
        var tab = record.IndexOf((byte)'\t');
        if (tab < 0)
        {
            throw new GitException(GitFailure.CommandFailed, "unexpected git ls-tree output: " + Encoding.UTF8.GetString(record));
        }

        var meta = Encoding.ASCII.GetString(record[..tab]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var path = Encoding.UTF8.GetString(record[(tab + 1)..]);
        long? size = meta.Length > 3 && long.TryParse(meta[3], out var s) ? s : null;
        return new GitTreeEntry(meta[0], meta[1], meta[2], size, path);
    }
}
