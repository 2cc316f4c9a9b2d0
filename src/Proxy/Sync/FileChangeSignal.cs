namespace GitGateway.Proxy.Sync;

/// <summary>
/// Change notification for one file: a <see cref="FileSystemWatcher"/> (inotify on Linux) on the file's directory
/// wakes a waiter on any event there, and remembers whether an event named the file itself. The directory and not the
/// file is watched because writers replace files: an editor or <c>mv</c> renames a new file over it, and Kubernetes
/// swaps a <c>..data</c> symlink beside a ConfigMap's files without touching the file's own name. A watcher can miss
/// events (a full queue, a file system without notification), so this only shortens the wait of a caller that also
/// checks on its own schedule. <see cref="TryWatchTree"/> watches a whole directory tree instead (a certificate
/// directory of mounted Secrets, each swapping its own <c>..data</c>) and calls back on every event there.
/// </summary>
internal sealed class FileChangeSignal : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly string _name;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Action? _changed;
    private int _named;

    private FileChangeSignal(string directory, string name, bool tree, Action? changed)
    {
        _name = name;
        _changed = changed;
        _watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size
                | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            IncludeSubdirectories = tree,
        };
        _watcher.Changed += (_, e) => Signal(IsFile(e.Name));
        _watcher.Created += (_, e) => Signal(IsFile(e.Name));
        _watcher.Deleted += (_, e) => Signal(IsFile(e.Name));
        _watcher.Renamed += (_, e) => Signal(IsFile(e.Name) || IsFile(e.OldName));

        // Lost events (the kernel's queue overflowed): whatever they were, the file may have changed.
        _watcher.Error += (_, _) => Signal(named: true);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Watches the directory of <paramref name="path"/>, or gives the reason it cannot be watched.</summary>
    public static FileChangeSignal? TryWatch(string path, out string? reason)
    {
        var full = Path.GetFullPath(path);
        return TryCreate(() => new FileChangeSignal(Path.GetDirectoryName(full)!, Path.GetFileName(full), tree: false, changed: null), out reason);
    }

    /// <summary>
    /// Watches <paramref name="directory"/> and every directory below it, calling <paramref name="changed"/> on each
    /// event (and on lost events), or gives the reason it cannot be watched.
    /// </summary>
    public static FileChangeSignal? TryWatchTree(string directory, Action changed, out string? reason) =>
        TryCreate(() => new FileChangeSignal(Path.GetFullPath(directory), "", tree: true, changed), out reason);

    private static FileChangeSignal? TryCreate(Func<FileChangeSignal> create, out string? reason)
    {
        reason = null;
        try
        {
            return create();
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // A directory that does not exist (yet), or the inotify instance limit reached.
            reason = e.Message;
            return null;
        }
    }

    /// <summary>Whether an event named the file since the last call (and forgets it).</summary>
    public bool TakeNamed() => Interlocked.Exchange(ref _named, 0) == 1;

    /// <summary>
    /// Waits until an event in the directory or <paramref name="timeout"/>, whichever comes first. After an event it
    /// waits <paramref name="settle"/> more and takes every event that came meanwhile, so that one write in several
    /// chunks wakes the caller once. True when an event woke it.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeSpan settle, TimeProvider time, CancellationToken cancellationToken)
    {
        bool woke;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var signal = _wake.WaitAsync(wait.Token);
            var first = await Task.WhenAny(signal, Task.Delay(timeout, time, wait.Token));
            await wait.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            woke = first == signal || signal.IsCompletedSuccessfully;
        }

        if (woke)
        {
            await Task.Delay(settle, time, cancellationToken);
            while (_wake.Wait(0))
            {
                // coalesce the events of one change
            }
        }

        return woke;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _wake.Dispose();
    }

    private bool IsFile(string? name) => string.Equals(name, _name, StringComparison.Ordinal);

    private void Signal(bool named)
    {
        _changed?.Invoke();
        if (named)
        {
            Volatile.Write(ref _named, 1);
        }

        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // an event still on its way while the watch ends
        }
    }
}
