using System.Threading.Channels;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// One repository's reconcile loop, one request at a time: fetch and apply the target branch head; then hand the
/// review (the pull request named, or every open one whose head changed) to a second loop, so a slow or
/// rate-limited GitHub never holds an apply back. GitHub writes go through the repository's outbox and never wait
/// here either. A failure is logged and the loop goes on; the next trigger (or the poll) retries. Everything it
/// logs carries the repository's name as a scope.
/// </summary>
internal sealed partial class ReconcileWorker(
    ReconcileQueue queue,
    ICommitSource source,
    ApplyService apply,
    ReviewService? review,
    string targetBranch,
    ILogger<ReconcileWorker> logger,
    string repository = ControlPlaneSettings.DefaultName,
    ICodeHost? codeHost = null,
    RepositoryMetrics? metrics = null,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Channel<ReconcileRequest> _reviews = Channel.CreateBounded<ReconcileRequest>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        dropped => dropped.Done?.Invoke());

    // Target heads seen and commits already marked superseded (only the apply loop touches it), so a late or
    // redelivered push of an older commit does not overwrite the check it already has.
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _completed;
    private string? _lastHead;

    /// <summary>How fetching the remote goes (for <c>/v1/status</c>).</summary>
    public SourceHealth Source { get; } = new(time ?? TimeProvider.System);

    /// <summary>Completed requests, for tests and the demo to wait on.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>
    /// Completes once the saved state has been read and its revision handed to the nodes' publisher, or found
    /// unreadable: a revision published before then is replaced by the restored one.
    /// </summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Why this repository's loop is not running (its saved state cannot be read), or null.</summary>
    public string? Fault { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var scope = logger.BeginScope("repository {Repository}", repository);
        try
        {
            await apply.LoadAsync(stoppingToken);
        }
        catch (ControlPlaneStateException e)
        {
            // This repository stops here and says why (log, /v1/status, 503 to triggers); its nodes keep serving
            // their last good plan and the other repositories go on. The file is left for an operator to inspect.
            Fault = e.Message;
            LogStateUnreadable(logger, e.Message);
            return;
        }
        finally
        {
            _loaded.TrySetResult();
        }

        var reviews = Task.CompletedTask;
        if (review is not null)
        {
            await review.LoadAsync(stoppingToken);
            reviews = ReviewLoopAsync(review, stoppingToken);
        }

        try
        {
            await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await ApplyStepAsync(request, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: not a failure of the loop.
        }
        finally
        {
            _reviews.Writer.TryComplete();
            await reviews;
        }
    }

    /// <summary>Fetches and applies the target head, then queues the review part of <paramref name="request"/>.</summary>
    public async Task RunAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var fetched = await FetchAsync(cancellationToken);
        if (request.ApplyTarget && fetched is { } head)
        {
            if (head != _lastHead)
            {
                // Polls that find the same head say nothing: the console shows what changed, not that nothing did.
                LogFetched(logger, targetBranch, head, request.Reason);
                _lastHead = head;
            }

            var outcome = await apply.ReconcileAsync(head, cancellationToken);
            if (outcome != ApplyOutcome.Unchanged)
            {
                LogApplied(logger, request.Reason, head, outcome);
            }

            metrics?.Reconciled(outcome.ToString(), _time.GetElapsedTime(started));
            Remember(head);
            await CheckOvertakenAsync(request.AnnouncedCommit, head, cancellationToken);
        }
    }

    private async Task ApplyStepAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(request, cancellationToken);
            if (review is not null && _reviews.Writer.TryWrite(request))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(logger, request.Reason, ex.Message);
        }

        Finish(request);
    }

    private async Task ReviewLoopAsync(ReviewService reviewer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in _reviews.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await (request.PullRequest is { } pr
                        ? reviewer.ReviewAsync(pr, request.Force, cancellationToken)
                        : reviewer.ReviewOpenPullRequestsAsync(cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFailed(logger, request.Reason, ex.Message);
                }
                finally
                {
                    Finish(request);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Fetches, recording the outcome in <see cref="Source"/> and, when it changes, in the source check; returns the
    /// target head it fetched (null when the branch is not there), resolved once for the source check and the apply.
    /// </summary>
    private async Task<string?> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await source.FetchAsync(cancellationToken);
        }
        catch (GitMirrorException e)
        {
            metrics?.FetchFailed(e.Reason);
            if (Source.Failed(e.Message) && codeHost is not null && apply.State.AppliedCommit is { } serving)
            {
                await codeHost.SetCheckAsync(SourceCheck.Failing(serving, e.Message, Source.LastGoodAgeSeconds()), cancellationToken);
            }

            throw;
        }

        var head = await source.ResolveAsync(targetBranch, cancellationToken);
        if (Source.Succeeded(head) && codeHost is not null && apply.State.AppliedCommit is { } commit)
        {
            await codeHost.SetCheckAsync(SourceCheck.Recovered(commit), cancellationToken);
        }

        return head;
    }

    /// <summary>A pushed commit that the head overtook before it was applied gets a check that says so.</summary>
    private async Task CheckOvertakenAsync(string? announced, string head, CancellationToken cancellationToken)
    {
        if (codeHost is null || announced is null || announced == apply.State.AppliedCommit || !Remember(announced))
        {
            return;
        }

        await codeHost.SetCheckAsync(SupersededCheck.For(announced, head), cancellationToken);
        LogOvertaken(logger, announced, head);
    }

    private bool Remember(string commit)
    {
        if (_checked.Count >= 4096)
        {
            _checked.Clear();
        }

        return _checked.Add(commit);
    }

    private void Finish(ReconcileRequest request)
    {
        request.Done?.Invoke();
        Interlocked.Increment(ref _completed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Commit} was overtaken by {Head} before it was applied; its check says superseded")]
    private static partial void LogOvertaken(ILogger logger, string commit, string head);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Branch} at {Commit} ({Reason})")]
    private static partial void LogFetched(ILogger logger, string branch, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}: target head {Commit}: {Outcome}")]
    private static partial void LogApplied(ILogger logger, string reason, string commit, ApplyOutcome outcome);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Saved state is unreadable, so this repository is stopped until it is repaired and the control plane restarted: {Error}")]
    private static partial void LogStateUnreadable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile after {Reason} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string reason, string error);
}
