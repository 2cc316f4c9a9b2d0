using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// One repository's reconcile loop, one request at a time: fetch, apply the target branch head, then review the
/// pull request named (or every open one whose head changed). A failure is logged and the loop goes on; the next
/// trigger (or the poll) retries. Everything it logs carries the repository's name as a scope.
/// </summary>
internal sealed partial class ReconcileWorker(
    ReconcileQueue queue,
    ICommitSource source,
    ApplyService apply,
    ReviewService? review,
    string targetBranch,
    ILogger<ReconcileWorker> logger,
    string repository = ControlPlaneSettings.DefaultName,
    RepositoryMetrics? metrics = null,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _completed;
    private string? _lastHead;

    /// <summary>Completed requests, for tests and the demo to wait on.</summary>
    public long Completed => Interlocked.Read(ref _completed);

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

        if (review is not null)
        {
            await review.LoadAsync(stoppingToken);
        }

        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(request, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, request.Reason, ex.Message);
            }

            Interlocked.Increment(ref _completed);
        }
    }

    public async Task RunAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await source.FetchAsync(cancellationToken);
        if (request.ApplyTarget && await source.ResolveAsync(targetBranch, cancellationToken) is { } head)
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
        }

        if (review is null)
        {
            return;
        }

        if (request.PullRequest is { } pr)
        {
            await review.ReviewAsync(pr, force: false, cancellationToken);
        }
        else
        {
            await review.ReviewOpenPullRequestsAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Branch} at {Commit} ({Reason})")]
    private static partial void LogFetched(ILogger logger, string branch, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}: target head {Commit}: {Outcome}")]
    private static partial void LogApplied(ILogger logger, string reason, string commit, ApplyOutcome outcome);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Saved state is unreadable, so this repository is stopped until it is repaired and the control plane restarted: {Error}")]
    private static partial void LogStateUnreadable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile after {Reason} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string reason, string error);
}
