using System.Text;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// A bare mirror of one remote repository, kept up to date with <c>git fetch --prune</c> (with a timeout), read
/// without a checkout: <c>ls-tree -r -z</c> lists a commit's tree and <c>cat-file --batch</c> streams the blobs,
/// as Argo CD's repo-server does with the CLI. Symlinks (mode 120000) and submodules (160000) are reported in
/// <see cref="CommitFiles.Skipped"/>, never followed.
/// </summary>
internal sealed class GitMirror : ICommitSource
{
    private readonly string _url;
    private readonly string _dir;
    private readonly GitMirrorCommand _git;
    private readonly SemaphoreSlim _fetchLock = new(1, 1);

    public GitMirror(string url, string mirrorDir, GitCredentials credentials, TimeSpan timeout)
    {
        _url = url;
        _dir = mirrorDir;
        _git = new GitMirrorCommand(mirrorDir, credentials, timeout);
    }

    public async Task FetchAsync(CancellationToken cancellationToken)
    {
        await _fetchLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path.Combine(_dir, "HEAD")))
            {
                Directory.CreateDirectory(_dir);
                await _git.RunAsync(["init", "--bare", "--quiet"], cancellationToken);
                await _git.RunAsync(["config", "remote.origin.url", _url], cancellationToken);
                await _git.RunAsync(["config", "remote.origin.fetch", "+refs/heads/*:refs/heads/*"], cancellationToken);
                await _git.RunAsync(["config", "--add", "remote.origin.fetch", "+refs/pull/*/head:refs/pull/*/head"], cancellationToken);
            }

            await _git.RunAsync(["fetch", "--prune", "--quiet", "--no-tags", "origin"], cancellationToken);
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    public async Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken)
    {
        try
        {
            return await _git.RunTextAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken);
        }
        catch (GitMirrorException)
        {
            return null;
        }
    }

    public async Task<string?> MergeBaseAsync(string a, string b, CancellationToken cancellationToken)
    {
        try
        {
            return await _git.RunTextAsync(["merge-base", a, b], cancellationToken);
        }
        catch (GitMirrorException)
        {
            return null; // unrelated histories have no merge base
        }
    }

    public async Task<CommitFiles> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var tree = await _git.RunAsync(["ls-tree", "-r", "-z", "--full-tree", commit], cancellationToken);
        var blobs = new List<(string Path, string Sha)>();
        var skipped = new List<string>();
        foreach (var record in Encoding.UTF8.GetString(tree).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> TAB <path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ');
            var path = record[(tab + 1)..];
            if (meta[0] is "100644" or "100755" && meta[1] == "blob" && !path.Split('/').Contains(".."))
            {
                blobs.Add((path, meta[2]));
            }
            else
            {
                skipped.Add($"{path} (mode {meta[0]} {meta[1]})");
            }
        }

        var contents = await CatBlobsAsync(blobs.Select(b => b.Sha).ToList(), cancellationToken);
        var files = blobs.Select((b, i) => new SourceFile(b.Path, contents[i])).ToList();
        return new CommitFiles(commit, files, skipped);
    }

    private async Task<List<byte[]>> CatBlobsAsync(List<string> shas, CancellationToken cancellationToken)
    {
        if (shas.Count == 0)
        {
            return [];
        }

        var output = await _git.RunAsync(["cat-file", "--batch"], cancellationToken, async stdin =>
        {
            await stdin.WriteAsync(Encoding.ASCII.GetBytes(string.Join('\n', shas) + "\n"), cancellationToken);
        });
        var result = new List<byte[]>(shas.Count);
        var pos = 0;
        foreach (var _ in shas)
        {
            // "<sha> SP <type> SP <size> LF <contents> LF"
            var eol = Array.IndexOf(output, (byte)'\n', pos);
            var header = Encoding.ASCII.GetString(output, pos, eol - pos).Split(' ');
            var size = int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture);
            result.Add(output.AsSpan(eol + 1, size).ToArray());
            pos = eol + 1 + size + 1;
        }

        return result;
    }
}
