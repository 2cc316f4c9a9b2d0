using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Reconciler.Scheduling;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Applies the target branch: render the head; refuse an invalid plan (the last good one keeps serving), and one
/// whose routing tests fail or that is destructive unless its commit carries the override (<see cref="ApplyGuard"/>);
/// hold a valid one while a freeze window is open; otherwise publish it as a new revision, collect each node's answer
/// and set the <c>gitgateway/apply</c> check. State is saved before nodes are told, so a restart neither loses
/// nor re-applies a revision.
/// </summary>
internal sealed partial class ApplyService(
    ICommitSource source,
    ICodeHost host,
    Func<RenderInput, RenderResult> render,
    PlanPublisher publisher,
    ControlPlaneStateStore store,
    ApplyOptions options,
    TimeProvider time,
    ILogger<ApplyService> logger,
    IRouteResolver? resolver = null,
    RepositoryMetrics? metrics = null)
{
    private readonly IRouteResolver _resolver = resolver ?? new PlanRouteResolver();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ControlPlaneState _state = ControlPlaneState.Empty;

    public ControlPlaneState State => _state;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (state, current) = await store.LoadAsync(cancellationToken);
        _state = state;
        publisher.Restore(current, state.Nodes);
        metrics?.Published(state.Revision);
    }

    /// <summary>Brings the nodes to the plan of <paramref name="commit"/>, the head of the target branch.</summary>
    public async Task<ApplyOutcome> ReconcileAsync(string commit, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var retryingFrozen = _state.PendingCommit == commit;
            if (commit == _state.LastSeenCommit && !retryingFrozen)
            {
                return ApplyOutcome.Unchanged;
            }

            var rendering = time.GetTimestamp();
            var (files, result) = await ReviewService.RenderCommitAsync(source, render, commit, options.TargetBranch, cancellationToken);
            var renderTime = time.GetElapsedTime(rendering);
            metrics?.Rendered(renderTime);
            LogRendered(logger, Short(commit), renderTime.TotalMilliseconds, result.Plan.Listeners.Count, result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            if (result.HasErrors)
            {
                await RefuseAsync(commit, result, cancellationToken);
                return ApplyOutcome.Refused;
            }

            var guard = await ApplyGuard.EvaluateAsync(source, _resolver, files, result, publisher.Current, cancellationToken);
            if (guard.Blocks)
            {
                var check = ApplyCheckText.Guarded(commit, guard, publisher.Current);
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = null, Refused = ApplyRefusal.Of(commit, check.Title, guard.Describe().Reasons, time.GetUtcNow()) }, null, cancellationToken);
                await host.SetCheckAsync(check, cancellationToken);
                LogGuarded(logger, commit, guard.Describe().Title, string.Join("; ", guard.Describe().Reasons));
                return ApplyOutcome.Refused;
            }

            if (Freeze(files) is { } freeze)
            {
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = null }, null, cancellationToken);
                if (!retryingFrozen)
                {
                    await host.SetCheckAsync(ApplyCheckText.Frozen(commit, freeze), cancellationToken);
                }

                LogFrozen(logger, commit, freeze.Reason, freeze.Until);
                return ApplyOutcome.Frozen;
            }

            if (guard.Triggered)
            {
                // Applied on purpose, so said as loudly as a refusal: what stops being served and who allowed it.
                LogOverridden(logger, commit, guard.Override!, string.Join("; ", guard.Describe().Reasons));
                if (result.Plan.Listeners.All(l => l.VirtualHosts.All(h => h.Routes.Count == 0) && l.L4Routes.Count == 0))
                {
                    LogEmptyPlanApplied(logger, commit, guard.Override!);
                }
            }

            await PublishAsync(commit, result, guard.Triggered ? guard.Override : null, cancellationToken);
            return ApplyOutcome.Applied;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task RefuseAsync(string commit, RenderResult result, CancellationToken cancellationToken)
    {
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var check = ApplyCheckText.Refused(commit, result, _state);
        var refusal = ApplyRefusal.Of(commit, check.Title, errors, time.GetUtcNow());
        await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = null, Refused = refusal }, null, cancellationToken);
        await host.SetCheckAsync(check, cancellationToken);
        foreach (var error in refusal.Reasons.Take(5))
        {
            LogRefusedError(logger, Short(commit), error);
        }

        LogRefused(logger, Short(commit), errors.Count, _state.Revision, _state.AppliedCommit is { } good ? Short(good) : "none");
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private FreezeStatus? Freeze(CommitFiles files)
    {
        var (windows, errors) = FreezeWindowReader.Read(files.Files);
        var now = time.GetUtcNow();
        if (errors.Count > 0)
        {
            // A freeze someone meant to declare but mistyped holds the commit for review rather than letting it through.
            return new FreezeStatus("unreadable freeze window: " + errors[0], now.AddMinutes(1));
        }

        return windows
            .Select(w => w.OpenUntil(now) is { } until ? new FreezeStatus(w.Reason, until) : null)
            .Where(f => f is not null)
            .MaxBy(f => f!.Until);
    }

    private async Task PublishAsync(string commit, RenderResult result, string? overrideReason, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var hash = PlanJson.Hash(result.Plan);
        var revision = publisher.Current;
        if (revision is null || revision.PlanHash != hash)
        {
            revision = new PlanRevision(_state.Revision + 1, commit, hash, result.Plan, PlanJson.ToCanonicalBytes(result.Plan));
        }

        await SaveAsync(_state with { Revision = revision.Number, AppliedCommit = commit, PlanHash = hash, LastSeenCommit = commit, PendingCommit = null, Refused = null }, revision, cancellationToken);
        publisher.Publish(revision);
        metrics?.Published(revision.Number);
        LogPublished(logger, revision.Number, Short(commit), hash);

        var nodes = options.Nodes.Count > 0
            ? options.Nodes
            : publisher.Nodes.Values.Where(n => time.GetUtcNow() - n.LastSeen < TimeSpan.FromMinutes(2)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var answers = await publisher.WaitForAnswersAsync(hash, nodes, options.AckTimeout, cancellationToken);
        await SaveAsync(_state with { Nodes = new Dictionary<string, NodeStatus>(publisher.Nodes) }, null, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        LogApplied(logger, revision.Number, answers.Count(a => a is { Accepted: true }), nodes.Count, elapsed.TotalMilliseconds);
        await host.SetCheckAsync(ApplyCheckText.Answers(commit, revision.Number, hash, nodes, answers, elapsed, overrideReason), cancellationToken);
    }

    private async Task SaveAsync(ControlPlaneState state, PlanRevision? revision, CancellationToken cancellationToken)
    {
        await store.SaveAsync(state, revision, cancellationToken);
        _state = state;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered {Commit} in {Milliseconds:0} ms: {Listeners} listeners, {Errors} errors")]
    private static partial void LogRendered(ILogger logger, string commit, double milliseconds, int listeners, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Commit}: {Error}")]
    private static partial void LogRefusedError(ILogger logger, string commit, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Commit} ({Errors} errors): nothing applied; revision {Revision} from {GoodCommit} keeps serving")]
    private static partial void LogRefused(ILogger logger, string commit, int errors, long revision, string goodCommit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied revision {Revision} to {Acked}/{Nodes} nodes in {Milliseconds:0} ms")]
    private static partial void LogApplied(ILogger logger, long revision, int acked, int nodes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} not applied ({Title}) and the last good plan keeps serving: {Reasons}")]
    private static partial void LogGuarded(ILogger logger, string commit, string title, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} applied with GitGateway-Allow-Destructive '{Reason}' although: {Reasons}")]
    private static partial void LogOverridden(ILogger logger, string commit, string reason, string reasons);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Commit {Commit} renders NO ROUTE and is applied by GitGateway-Allow-Destructive '{Reason}': every node stops serving traffic")]
    private static partial void LogEmptyPlanApplied(ILogger logger, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Commit} held by freeze window '{Reason}' until {Until}")]
    private static partial void LogFrozen(ILogger logger, string commit, string reason, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published revision {Revision} from {Commit} ({Hash})")]
    private static partial void LogPublished(ILogger logger, long revision, string commit, string hash);
}
