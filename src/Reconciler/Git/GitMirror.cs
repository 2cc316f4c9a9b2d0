namespace GitGateway.Reconciler.Git;

/// <summary>
/// A bare mirror of one remote repository, kept up to date with <c>git fetch --prune</c> (with a timeout, the
/// credentials passed in the environment), and read without a checkout through <see cref="GitTreeReader"/>
/// (<c>ls-tree</c>, <c>cat-file --batch</c>): symlinks and submodules are reported as diagnostics, never followed.
/// Before each fetch: the URL is checked (<see cref="GitUrl.Refusal"/>); a mirror made for another URL is removed
/// and cloned again (checked on the first fetch of this instance: nothing else writes the mirror's config, so each
/// later fetch is one <c>git fetch</c> process, with git's auto-maintenance check after every
/// <see cref="MaintenanceEvery"/>-th rather than each); stale lock files of our own are removed (<see cref="StaleLocks"/>). Fetches follow no HTTP
/// redirect (<c>http.followRedirects=false</c>: a redirect could send the credentials to another host) and use
/// <c>file://</c> only when allowed.
/// </summary>
internal sealed partial class GitMirror : ICommitSource
{
    /// <summary>
    /// How many fetches share one auto-maintenance check (<c>git maintenance run --auto</c>, what <c>git fetch</c>
    /// otherwise starts after each fetch): the check is a process per merge, and what it packs (thousands of loose
    /// objects, dozens of packs) builds up over far more fetches than this.
    /// </summary>
    internal const int MaintenanceEvery = 16;

    // How many merge results' trees are remembered as trees (a review makes one per pull request it renders).
    private const int MergeTreesKept = 64;

    private readonly string _url;
    private readonly string _dir;
    private readonly GitMirrorCommand _git;
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private readonly GitRepository _repository;
    private readonly GitTreeReader _reader;
    private readonly GitObjectAges _ages;
    private readonly bool _allowFile;
    private readonly TimeSpan _staleLockAge;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    // The files of the commit read last (review or apply): the next commit shares almost every blob, and those are not read from git again.
    private IReadOnlyList<GitGateway.Renderer.Rendering.SourceFile> _lastRead = [];

    // The tree of the commit read last (not a merge result's tree): the next commit on its first-parent chain is read from it and the log between them.
    private TreeListing? _listing;

    // The log read for the last tree derived: the ages of that commit go on from it rather than asking git for it again.
    private FirstParentChanges? _changes;

    // Reads derived (Derived): reviews and applies read on their own threads.
    private int _derived;

    // Trees of merge results (MergeTreeAsync): they have no history, so their reads are never derived.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _mergeTrees = new(StringComparer.Ordinal);

    // Set once this instance has seen the mirror's remote is its URL: nothing but this instance writes the mirror's config.
    private bool _remoteChecked;

    // Fetches by this instance (under the fetch lock): git's auto-maintenance check runs after every MaintenanceEvery-th.
    private long _fetches;

    public GitMirror(string url, string mirrorDir, GitCredentials credentials, TimeSpan timeout, bool allowFileUrls = false, ILogger? logger = null, TimeProvider? clock = null)
    {
        _url = url;
        _dir = mirrorDir;
        _allowFile = allowFileUrls;

        // No git of ours runs longer than its timeout plus the grace before it is killed.
        _staleLockAge = timeout + TimeSpan.FromMinutes(1);
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _git = new GitMirrorCommand(mirrorDir, credentials, timeout);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        credentials.AddTo(environment);
        _repository = new GitRepository(new GitCli(defaultTimeout: timeout, environment: environment), mirrorDir);
        _reader = new GitTreeReader(_repository);
        _ages = new GitObjectAges(_repository);
    }

    /// <summary>The remote as it may be shown (no user-info).</summary>
    public string DisplayUrl => GitUrl.StripUserInfo(_url);

    public async Task FetchAsync(CancellationToken cancellationToken)
    {
        if (GitUrl.Refusal(_url, _allowFile) is { } refusal)
        {
            throw new GitMirrorException($"repository URL {DisplayUrl} {refusal}", FetchFailureReason.UrlRefused);
        }

        await _fetchLock.WaitAsync(cancellationToken);
        try
        {
            await ForgetOtherRemoteAsync(cancellationToken);
            if (!File.Exists(Path.Combine(_dir, "HEAD")))
            {
                Directory.CreateDirectory(_dir);
                await _git.RunAsync(["init", "--bare", "--quiet"], cancellationToken);
                await _git.RunAsync(["config", "remote.origin.url", _url], cancellationToken);
                await _git.RunAsync(["config", "remote.origin.fetch", "+refs/heads/*:refs/heads/*"], cancellationToken);
                await _git.RunAsync(["config", "--add", "remote.origin.fetch", "+refs/pull/*/head:refs/pull/*/head"], cancellationToken);
            }

            _remoteChecked = true;

            foreach (var removed in StaleLocks.Remove(_dir, _staleLockAge, _clock))
            {
                LogStaleLock(_logger, removed, _staleLockAge.TotalMinutes);
            }

            // No FETCH_HEAD (nothing reads it) and no auto-maintenance check per fetch (a git process of its own):
            // that check runs after every MaintenanceEvery-th fetch instead, so loose objects still get packed.
            await _git.RunAsync(
                [
                    "-c", "http.followRedirects=false",
                    "-c", "protocol.file.allow=" + (_allowFile ? "always" : "never"),
                    "-c", "protocol.ext.allow=never",
                    "fetch", "--prune", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-maintenance", "origin",
                ],
                cancellationToken);
            if (++_fetches % MaintenanceEvery == 0)
            {
                await MaintainAsync(cancellationToken);
            }
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    // The fetch succeeded whatever this gives: a mirror that could not be packed this time is still read correctly.
    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _git.RunAsync(["maintenance", "run", "--auto", "--quiet"], cancellationToken);
        }
        catch (GitMirrorException e)
        {
            LogMaintenanceFailed(_logger, e.Message);
        }
    }

    /// <summary>A mirror cloned from another URL (the config changed) is removed, so the next steps clone the new one.</summary>
    private async Task ForgetOtherRemoteAsync(CancellationToken cancellationToken)
    {
        if (_remoteChecked || !File.Exists(Path.Combine(_dir, "HEAD")))
        {
            return;
        }

        string current;
        try
        {
            current = System.Text.Encoding.UTF8.GetString(await _git.RunAsync(["config", "--get", "remote.origin.url"], cancellationToken)).TrimEnd('\n');
        }
        catch (GitMirrorException)
        {
            current = "";
        }

        if (current != _url)
        {
            LogRemoteChanged(_logger, GitUrl.StripUserInfo(current), DisplayUrl);
            Directory.Delete(_dir, recursive: true);
        }
    }

    public async Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken)
    {
        // A branch the fetch just wrote is read from its ref file: no git process on the merge's path.
        if (LooseBranch.Read(_dir, revision) is { } commit)
        {
            return commit;
        }

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

    public async Task<string?> MergeTreeAsync(string baseCommit, string head, CancellationToken cancellationToken)
    {
        var tree = await _repository.MergeTreeAsync(baseCommit, head, cancellationToken);
        if (tree is not null)
        {
            if (_mergeTrees.Count >= MergeTreesKept)
            {
                _mergeTrees.Clear();
            }

            _mergeTrees[tree] = 0;
        }

        return tree;
    }

    public Task<CommitTrailer> ReadTrailerAsync(string commit, string key, CancellationToken cancellationToken) =>
        _repository.ReadTrailerAsync(commit, key, cancellationToken);

    public Task<GitGateway.Renderer.Rendering.ObjectAges?> AgesAsync(string commit, IReadOnlyList<GitGateway.Renderer.Rendering.SourceFile> files, CancellationToken cancellationToken) =>
        _ages.ForCommitAsync(commit, files, null, Volatile.Read(ref _changes), cancellationToken);

    /// <summary>How many reads were derived from the tree read before and the log between them, not listed whole.</summary>
    internal int Derived => Volatile.Read(ref _derived);

    /// <summary>How many ages went on from the log a tree read had read, not one of their own.</summary>
    internal int AgesFromTreeLog => _ages.LogsReused;

    public async Task<CommitFiles> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var reading = _clock.GetTimestamp();
        var mergeTree = _mergeTrees.ContainsKey(commit);
        var listing = mergeTree ? null : await DeriveAsync(Volatile.Read(ref _listing), commit, cancellationToken);
        var result = listing?.Result ?? await _reader.ReadAsync(commit, Volatile.Read(ref _lastRead), cancellationToken);
        if (!result.OverRepositoryCap)
        {
            Volatile.Write(ref _lastRead, result.Files);
            if (!mergeTree)
            {
                Volatile.Write(ref _listing, listing ?? TreeListing.Of(commit, result));
            }
        }

        LogTreeRead(_logger, ShortId.Commit(commit), _clock.GetElapsedTime(reading).TotalMilliseconds, result.Files.Count, listing is null ? "listed" : "derived");
        return new CommitFiles(commit, result.Files, result.Diagnostics) { OverRepositoryCap = result.OverRepositoryCap };
    }

    // The commit's tree from the one listed last and the log between them; null when the commit is not on its first-parent chain or the reader must list it whole.
    private async Task<TreeListing?> DeriveAsync(TreeListing? last, string commit, CancellationToken cancellationToken)
    {
        if (last is null)
        {
            return null;
        }

        if (last.Commit == commit)
        {
            return last;
        }

        try
        {
            if (await FirstParentChanges.ReadAsync(_repository, last.Commit, commit, cancellationToken) is not { } changes)
            {
                return null;
            }

            Volatile.Write(ref _changes, changes);
            var derived = await GitTreeDelta.DeriveAsync(_repository, last, changes, cancellationToken);
            if (derived is not null)
            {
                Interlocked.Increment(ref _derived);
            }

            return derived;
        }
        catch (GitException)
        {
            return null; // listed whole, which says what is wrong with it
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read the tree of {Commit} in {Milliseconds:0.0} ms: {Files} files (the blobs of the commit read before taken from there; tree {How})")]
    private static partial void LogTreeRead(ILogger logger, string commit, double milliseconds, int files, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mirror's auto-maintenance failed (the next check retries it): {Error}")]
    private static partial void LogMaintenanceFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed stale lock {Lock} from the mirror (older than {Minutes:F0} min, no git of ours running)")]
    private static partial void LogStaleLock(ILogger logger, string @lock, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The repository URL changed from {Old} to {New}: the mirror is cloned again")]
    private static partial void LogRemoteChanged(ILogger logger, string old, string @new);
}
