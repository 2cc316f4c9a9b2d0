using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The one queue every GitHub write of a repository goes through, so review and apply never wait on GitHub:
/// <see cref="UpsertCommentAsync"/> and <see cref="SetCheckAsync"/> only record the write (on disk, in
/// <see cref="OutboxFile"/>) and return; this service sends them in order. A rate-limited answer pauses the
/// whole queue for as long as GitHub asked (<c>retry-after</c>, or until <c>x-ratelimit-reset</c>); a 403 or 429
/// without either header pauses at least <see cref="BareLimitWait"/>, doubling while it repeats; a server error
/// or no answer backs off from five seconds. Nothing transient is dropped; a write GitHub refuses for good (422,
/// 404) is logged and dropped, since sending it again cannot succeed. Reads (<see cref="ListOpenPullRequestsAsync"/>)
/// go straight through. Content-creating requests are paced by the client (<see cref="ContentPacer"/>). Stopping
/// lets a write already sent get its answer (<see cref="InFlightGrace"/>), so a restart does not send it twice.
/// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
/// </summary>
internal sealed partial class GitHubOutbox(ICodeHost inner, string stateDirectory, TimeProvider time, ILogger<GitHubOutbox> logger, Func<byte[], CancellationToken, Task>? copy = null)
    : BackgroundService, ICodeHost
{
    public static readonly TimeSpan BareLimitWait = TimeSpan.FromMinutes(1);

    /// <summary>How long a write in flight when the host stops may still take (well within the host's shutdown timeout).</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly OutboxFile _file = new(stateDirectory, copy);
    private readonly Lock _gate = new();
    private readonly List<OutboxEntry> _entries = [];
    private readonly SemaphoreSlim _signal = new(0);
    private int _failures;

    /// <summary>Writes are held until then (a rate limit or a backoff).</summary>
    public DateTimeOffset PausedUntil { get; private set; }

    /// <summary>Why the last attempt failed, or null once a write went through.</summary>
    public string? LastError { get; private set; }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public string FilePath => _file.Path;

    public Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken) =>
        inner.ListOpenPullRequestsAsync(cancellationToken);

    public Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken) =>
        EnqueueAsync(OutboxEntry.Comment(pullRequest, body), cancellationToken);

    public Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken) =>
        EnqueueAsync(OutboxEntry.ForCheck(check), cancellationToken);

    public async Task EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _entries.FindIndex(e => e.Key == entry.Key);
            if (index >= 0)
            {
                _entries[index] = entry;
            }
            else
            {
                _entries.Add(entry);
            }
        }

        await SaveAsync(cancellationToken);
        _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadAsync(stoppingToken);

        // A write already on its way when the host stops is given InFlightGrace to get GitHub's answer: cut off,
        // it stays queued and a restart sends it again, a second check run or status for one write.
        using var sending = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        await using var stopping = stoppingToken.Register(() => sending.CancelAfter(InFlightGrace));
        while (!stoppingToken.IsCancellationRequested)
        {
            var head = Peek();
            var now = time.GetUtcNow();
            if (head is null)
            {
                await _signal.WaitAsync(Tick, stoppingToken);
                continue;
            }

            if (now < PausedUntil)
            {
                // In short steps, so the wait follows the clock it is measured on.
                var left = PausedUntil - now;
                await Task.Delay(left < Tick ? left : Tick, time, stoppingToken);
                continue;
            }

            await SendAsync(head, sending.Token);
        }
    }

    private async Task SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.Check is { } check)
            {
                await inner.SetCheckAsync(check, cancellationToken);
            }
            else
            {
                await inner.UpsertCommentAsync(entry.PullRequest!.Value, entry.CommentBody!, cancellationToken);
            }

            _failures = 0;
            LastError = null;

            // GitHub has it: off the queue on disk too, even while stopping, or a restart would send it again.
            await RemoveAsync(entry, CancellationToken.None);
        }
        catch (GitHubApiException e) when (e.IsTransient)
        {
            _failures++;
            var wait = Wait(e, _failures);
            PausedUntil = time.GetUtcNow() + wait;
            LastError = e.Message;
            LogHeld(logger, entry.Key, wait.TotalSeconds, e.Message);
        }
        catch (GitHubApiException e)
        {
            LogDropped(logger, entry.Key, e.Message);
            await RemoveAsync(entry, CancellationToken.None);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The HTTP client's own timeout: no answer, like a connection failure.
            _failures++;
            PausedUntil = time.GetUtcNow() + Backoff(TimeSpan.FromSeconds(5), _failures);
            LastError = "GitHub did not answer in time";
        }
    }

    /// <summary>How long to hold the queue after <paramref name="e"/>, the <paramref name="failures"/>th failure in a row.</summary>
    public static TimeSpan Wait(GitHubApiException e, int failures)
    {
        if (e.RateLimitWait is { } asked)
        {
            // One second more than asked: the reset time has a resolution of one second.
            return asked + TimeSpan.FromSeconds(1);
        }

        return e.MayBeRateLimit ? Backoff(BareLimitWait, failures) : Backoff(TimeSpan.FromSeconds(5), failures);
    }

    private static TimeSpan Backoff(TimeSpan first, int failures)
    {
        var wait = first * Math.Pow(2, Math.Min(failures - 1, 10));
        return wait < MaxBackoff ? wait : (first > MaxBackoff ? first : MaxBackoff);
    }

    private OutboxEntry? Peek()
    {
        lock (_gate)
        {
            return _entries.Count > 0 ? _entries[0] : null;
        }
    }

    private async Task RemoveAsync(OutboxEntry sent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A newer write with the same key that came in while this one was sent stays to be sent.
            _entries.Remove(sent);
        }

        await SaveAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        List<OutboxEntry> saved;
        try
        {
            saved = await _file.LoadAsync(cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            LogUnreadable(logger, _file.Path, e.Message);
            return;
        }

        lock (_gate)
        {
            // Saved writes are older than any made since start; a newer one with the same key wins.
            var keys = _entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            _entries.InsertRange(0, saved.Where(e => !keys.Contains(e.Key)));
        }

        if (saved.Count > 0)
        {
            LogRestored(logger, saved.Count);
        }
    }

    private Task SaveAsync(CancellationToken cancellationToken) => _file.SaveAsync(
        () =>
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        },
        cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub write {Key} held for {Seconds:F0} s: {Error}")]
    private static partial void LogHeld(ILogger logger, string key, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "GitHub refused write {Key} for good, dropped: {Error}")]
    private static partial void LogDropped(ILogger logger, string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not readable ({Error}); the writes it held are lost")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} GitHub writes restored from before the restart")]
    private static partial void LogRestored(ILogger logger, int count);
}
