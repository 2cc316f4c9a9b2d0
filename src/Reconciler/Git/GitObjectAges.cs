using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using LogEntry = (string Commit, string? FirstParent, System.Collections.Generic.List<GitGateway.Reconciler.Git.FirstParentLog.Change> Changes);

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Derives <see cref="ObjectAges"/> for a commit from Git history: Gateway API breaks ties by creationTimestamp, and
/// an object's creation in a config repository is the first commit since which it has existed without a break. One
/// <c>git log --first-parent --raw</c> walk of at most <see cref="MaxCommits"/> commits, oldest first, tracks which
/// object keys each manifest path holds; a key that appears gets that commit's rank (its place in the first-parent
/// chain), one that disappears from every path is forgotten (re-adding it makes it new, as delete and apply does in a
/// cluster), and one that moves between files within a commit keeps its rank. A merge commit's changes are those it
/// brought to the branch. Past the window, the oldest commit's objects share rank 0. Results are cached per commit
/// and the keys of each blob by blob id. A commit whose first-parent chain runs through a commit walked recently
/// (the last head applied, for the next one) goes on from that commit's state with a <c>git log</c> of the new commits
/// alone, which gives the ranks a full walk gives; any other commit, or a history past the window, is walked in full.
/// The log is applied as git writes it, <see cref="BatchChanges"/> changes at a time (unless told), and a blob the
/// caller has read already (the files of the commit rendered) is taken from there, not read from Git again, nor
/// parsed again when the caller has loaded it for its render (its keys are the load's). A walk
/// that fails (history over git's output cap, a broken object) gives no ages: the render then says so.
/// </summary>
internal sealed class GitObjectAges(GitRepository repository, int maxCommits = GitObjectAges.MaxCommits, int batchChanges = GitObjectAges.BatchChanges)
{
    /// <summary>How many first-parent commits a walk reads at most.</summary>
    public const int MaxCommits = 10_000;

    private const int CachedCommits = 16;
    private const int CachedBlobs = 200_000;
    private const int CachedStates = 4;

    /// <summary>How many file changes a walk gathers before reading their blobs' keys and applying them: git's log is never held whole.</summary>
    internal const int BatchChanges = 4096;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ObjectAges?> _byCommit = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _blobKeys = new(StringComparer.Ordinal);

    // The walk's state at recent commits walked from their root commit (within the window), with their first-parent commit count.
    private readonly Dictionary<string, (HistoryState State, long Count)> _states = new(StringComparer.Ordinal);
    private readonly Queue<string> _stateOrder = new();
    private string? _lastWalked;

    // The blobs of the files the caller has read already, by blob id, and the files it has loaded, while a walk for it runs.
    private Dictionary<string, ReadOnlyMemory<byte>>? _read;
    private ManifestCache? _loaded;

    /// <summary>How many commits' ages came from a walked commit's state and the commits after it, not a full walk.</summary>
    internal int Extended { get; private set; }

    /// <summary>How many walks went on from a log the caller had read (<see cref="FirstParentChanges"/>), not one of their own.</summary>
    internal int LogsReused { get; private set; }

    /// <summary>How many blobs' keys were taken from the caller's load of them, not parsed by a walk.</summary>
    internal int KeysFromLoad { get; private set; }

    /// <summary>The ages at <paramref name="commit"/> (a full commit id), or null when history cannot be read.</summary>
    public Task<ObjectAges?> ForCommitAsync(string commit, CancellationToken cancellationToken) => ForCommitAsync(commit, [], cancellationToken);

    /// <summary>
    /// The ages at <paramref name="commit"/>, taking the content of any blob the walk needs from <paramref name="files"/>
    /// (files already read, with their blob ids: the commit's own tree, for one) instead of reading it from Git again.
    /// </summary>
    public Task<ObjectAges?> ForCommitAsync(string commit, IReadOnlyList<SourceFile> files, CancellationToken cancellationToken) =>
        ForCommitAsync(commit, files, null, cancellationToken);

    /// <summary>
    /// The same, taking the keys of a blob from <paramref name="files"/> that <paramref name="loaded"/> holds loaded
    /// (<see cref="PlanRenderer.LoadInto"/>: the render's own parse of it) instead of parsing it again.
    /// </summary>
    public Task<ObjectAges?> ForCommitAsync(string commit, IReadOnlyList<SourceFile> files, ManifestCache? loaded, CancellationToken cancellationToken) =>
        ForCommitAsync(commit, files, loaded, null, cancellationToken);

    /// <summary>
    /// The same, going on from the commit walked last with <paramref name="read"/> (a log from it to
    /// <paramref name="commit"/> the caller has read already: the tree read's) instead of asking git for it again.
    /// </summary>
    public async Task<ObjectAges?> ForCommitAsync(string commit, IReadOnlyList<SourceFile> files, ManifestCache? loaded, FirstParentChanges? read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_byCommit.TryGetValue(commit, out var cached))
            {
                return cached;
            }

            _read = files.Where(f => f.BlobId is not null).DistinctBy(f => f.BlobId, StringComparer.Ordinal).ToDictionary(f => f.BlobId!, f => f.Content, StringComparer.Ordinal);
            _loaded = loaded;
            var ages = await ExtendAsync(commit, read, cancellationToken).ConfigureAwait(false) ?? await WalkAsync(commit, cancellationToken).ConfigureAwait(false);
            _byCommit[commit] = ages;
            _order.Enqueue(commit);
            if (_order.Count > CachedCommits)
            {
                _byCommit.Remove(_order.Dequeue());
            }

            return ages;
        }
        catch (GitException)
        {
            return null;
        }
        finally
        {
            _read = null;
            _loaded = null;
            _gate.Release();
        }
    }

    // Null for a tree (a merge result has no history of its own).
    private async Task<ObjectAges?> WalkAsync(string commit, CancellationToken cancellationToken)
    {
        var count = await repository.Command("rev-list", "--first-parent", "--count", "--end-of-options", commit).ExecuteCheckedAsync(cancellationToken).ConfigureAwait(false);
        var total = long.Parse(count.OutputText, System.Globalization.CultureInfo.InvariantCulture);
        if (total == 0)
        {
            return null;
        }

        var state = new HistoryState();
        string? start = null;
        if (total > maxCommits)
        {
            start = await repository.ResolveCommitAsync($"{commit}~{maxCommits}", cancellationToken).ConfigureAwait(false);
            var files = await new GitTreeReader(repository).ReadAsync(start, cancellationToken).ConfigureAwait(false);
            state.Seed(files.Files.Select(f => (f.Path, ManifestKeys.Read(f.Path, f.Content))));
        }

        var log = FirstParentLog.StreamAsync(repository, commit, start, cancellationToken);
        var walked = (await ApplyAsync(state, 0, log, _ => true, cancellationToken).ConfigureAwait(false))!.Value.Count;
        if (start is null)
        {
            Remember(commit, state, walked);
        }

        return new ObjectAges(state.Ranks(), $"{commit[..Math.Min(12, commit.Length)]}, {walked} first-parent commits" + (start is null ? "" : $" (older ones count as one)"));
    }

    // Null when the commit's first-parent chain does not run through a walked commit within the window: walk it in full.
    private async Task<ObjectAges?> ExtendAsync(string commit, FirstParentChanges? read, CancellationToken cancellationToken)
    {
        if (_lastWalked is null)
        {
            return null;
        }

        try
        {
            // Bounded: a head on a history unrelated to the last one would otherwise list all of it before the full walk.
            var reused = read is not null && read.After == _lastWalked && read.Commit == commit;
            LogsReused += reused ? 1 : 0;
            await using var log = (reused ? Listed(read!.Commits) : FirstParentLog.StreamAsync(repository, commit, _lastWalked, cancellationToken, maxCommits)).GetAsyncEnumerator(cancellationToken);

            // The first commit listed must be a child of a known state, each one the first parent of the next, the last the commit asked for.
            if (!await log.MoveNextAsync().ConfigureAwait(false) || log.Current.FirstParent is not { } joined || !_states.TryGetValue(joined, out var known))
            {
                return null;
            }

            var state = known.State.Clone();
            var previous = joined;
            var listed = 0L;
            var applied = await ApplyAsync(state, known.Count, FromCurrent(log), entry =>
            {
                var chained = entry.FirstParent == previous && known.Count + ++listed <= maxCommits;
                previous = entry.Commit;
                return chained;
            }, cancellationToken).ConfigureAwait(false);
            if (applied is not { } done || done.Last != commit)
            {
                return null;
            }

            Remember(commit, state, done.Count);
            Extended++;
            return new ObjectAges(state.Ranks(), $"{commit[..Math.Min(12, commit.Length)]}, {done.Count} first-parent commits");
        }
        catch (GitException)
        {
            return null;
        }
    }

    // A log read before, as git's would be streamed.
    private static async IAsyncEnumerable<LogEntry> Listed(IReadOnlyList<LogEntry> commits)
    {
        foreach (var commit in commits)
        {
            yield return commit;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The enumerator's current commit, then the rest of it.
    private static async IAsyncEnumerable<LogEntry> FromCurrent(IAsyncEnumerator<LogEntry> log)
    {
        do
        {
            yield return log.Current;
        }
        while (await log.MoveNextAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// Applies the commits in order as git lists them, ranked after the commits already counted, reading the keys of
    /// each batch of changes' blobs at once (<see cref="BatchChanges"/> unless told): the count after them and the last commit, or null when
    /// one is not accepted.
    /// </summary>
    private async Task<(long Count, string? Last)?> ApplyAsync(
        HistoryState state, long counted, IAsyncEnumerable<LogEntry> log, Func<LogEntry, bool> accept, CancellationToken cancellationToken)
    {
        var batch = new List<LogEntry>();
        var changes = 0;
        var rank = counted;
        string? last = null;
        await foreach (var entry in log.ConfigureAwait(false))
        {
            if (!accept(entry))
            {
                return null;
            }

            batch.Add(entry);
            last = entry.Commit;
            changes += entry.Changes.Count;
            if (changes >= batchChanges)
            {
                await ReadKeysAsync(batch.SelectMany(c => c.Changes), cancellationToken).ConfigureAwait(false);
                rank = ApplyBatch(state, rank, batch);
                batch.Clear();
                changes = 0;
            }
        }

        await ReadKeysAsync(batch.SelectMany(c => c.Changes), cancellationToken).ConfigureAwait(false);
        return (ApplyBatch(state, rank, batch), last);
    }

    // The batch's commits applied in order, their blobs' keys read: the rank after them.
    private long ApplyBatch(HistoryState state, long rank, List<LogEntry> batch)
    {
        foreach (var (_, _, changes) in batch)
        {
            rank++;
            // Keys are by blob, but a path the walk does not read holds none, even when the same bytes sit at one it reads.
            state.Apply(rank, changes.Select(c => (c.Path, c.NewBlob is null ? null : IsWalked(c.Path) ? _blobKeys.GetValueOrDefault(c.NewBlob) ?? [] : [])));
        }

        return rank;
    }

    private void Remember(string commit, HistoryState state, long count)
    {
        if (_states.TryAdd(commit, (state, count)))
        {
            _stateOrder.Enqueue(commit);
            if (_stateOrder.Count > CachedStates)
            {
                _states.Remove(_stateOrder.Dequeue());
            }
        }

        _lastWalked = commit;
    }

    // The keys of every manifest blob the walk meets that is not known yet, reading none over the renderer's file limit.
    private async Task ReadKeysAsync(IEnumerable<FirstParentLog.Change> changes, CancellationToken cancellationToken)
    {
        var wanted = changes.Where(c => c.NewBlob is not null && IsWalked(c.Path))
            .GroupBy(c => c.NewBlob!, StringComparer.Ordinal).Where(g => !_blobKeys.ContainsKey(g.Key)).Select(g => (Blob: g.Key, g.First().Path)).ToList();
        if (_blobKeys.Count + wanted.Count > CachedBlobs)
        {
            _blobKeys.Clear();
        }

        // A blob the caller has read already is the same bytes as git would give: only the others are asked of git.
        // One it has loaded too was parsed by that load, which kept its keys: not parsed again.
        foreach (var (blob, path) in wanted.Where(w => _read?.ContainsKey(w.Blob) is true))
        {
            var content = _read![blob];
            var loaded = content.Length <= SourceFiles.MaxFileBytes ? _loaded?.KeysOf(blob) : null;
            KeysFromLoad += loaded is null ? 0 : 1;
            _blobKeys[blob] = content.Length <= SourceFiles.MaxFileBytes ? loaded ?? ManifestKeys.Read(path, content) : [];
        }

        wanted = [.. wanted.Where(w => _read?.ContainsKey(w.Blob) is not true)];
        var sizes = await GitBlobSizes.ReadAsync(repository, [.. wanted.Select(w => w.Blob)], cancellationToken).ConfigureAwait(false);
        var readable = wanted.Where(w => sizes.GetValueOrDefault(w.Blob, long.MaxValue) <= SourceFiles.MaxFileBytes).ToList();
        foreach (var skipped in wanted.Except(readable))
        {
            _blobKeys[skipped.Blob] = [];
        }

        var index = 0;
        await foreach (var blob in repository.ReadBlobsAsync([.. readable.Select(r => r.Blob)], cancellationToken).ConfigureAwait(false))
        {
            _blobKeys[blob.ObjectId] = ManifestKeys.Read(readable[index++].Path, blob.Content);
        }
    }

    // A manifest outside dot directories: what the renderer reads of a tree.
    private static bool IsWalked(string path) => SourceFiles.HasManifestExtension(path) && !InDotDirectory(path);

    private static bool InDotDirectory(string path)
    {
        var lastSlash = path.LastIndexOf('/');
        return lastSlash > 0 && path[..lastSlash].Split('/').Any(segment => segment.StartsWith('.'));
    }
}
