namespace GitGateway.Reconciler.Git;

/// <summary>
/// A bare mirror of one remote repository, kept up to date with <c>git fetch --prune</c> (with a timeout, the
/// credentials passed in the environment), and read without a checkout through <see cref="GitTreeReader"/>
/// (<c>ls-tree</c>, <c>cat-file --batch</c>): symlinks and submodules are reported as diagnostics, never followed.
/// </summary>
internal sealed class GitMirror : ICommitSource
{
    private readonly string _url;
    private readonly string _dir;
    private readonly GitMirrorCommand _git;
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private readonly GitRepository _repository;
    private readonly GitTreeReader _reader;

    public GitMirror(string url, string mirrorDir, GitCredentials credentials, TimeSpan timeout)
    {
        _url = url;
        _dir = mirrorDir;
        _git = new GitMirrorCommand(mirrorDir, credentials, timeout);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        credentials.AddTo(environment);
        _repository = new GitRepository(new GitCli(defaultTimeout: timeout, environment: environment), mirrorDir);
        _reader = new GitTreeReader(_repository);
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
            return await _repository.ResolveCommitAsync(revision, cancellationToken);
        }
        catch (GitException)
        {
            return null;
        }
    }

    public Task<string?> MergeBaseAsync(string a, string b, CancellationToken cancellationToken) =>
        _repository.MergeBaseAsync(a, b, cancellationToken);

    public Task<CommitTrailer> ReadTrailerAsync(string commit, string key, CancellationToken cancellationToken) =>
        _repository.ReadTrailerAsync(commit, key, cancellationToken);

    public async Task<CommitFiles> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var result = await _reader.ReadAsync(commit, cancellationToken);
        return new CommitFiles(commit, result.Files, result.Diagnostics);
    }
}
