using GitGateway.Plan.Delta;
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
/// in the apply-only-reviewed mode, hold one whose plan was not shown green on a pull request (<see cref="ReviewGate"/>);
/// hold a valid one while a freeze window is open or applies are paused; otherwise roll it out (<see cref="ApplyRollout"/>): to the canary nodes
/// first (<see cref="CanaryBake"/>; a regression halts the rollout and returns them to the last good revision), then
/// as a new revision to every node, collect each node's answer and set the <c>gitgateway/apply</c> check. State is
/// saved before every node is told, so a restart neither loses nor re-applies a revision; a restart during a bake
/// returns the canaries to the last good revision and bakes the commit again.
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
    PauseSwitch? pause = null,
    IRouteResolver? resolver = null,
    RepositoryMetrics? metrics = null,
    ReviewedPlans? reviewedPlans = null)
{
    private readonly IRouteResolver _resolver = resolver ?? new PlanRouteResolver();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ApplyRollout? _rollout;
    private ControlPlaneState _state = ControlPlaneState.Empty;

    // The files of the commit last applied, so the next commit's guard does not read that whole tree from git again.
    private CommitFiles? _appliedFiles;

    // The route entries of the plan last applied, built by its own guard check, so the next commit's guard does not index it again.
    private AppliedIndex? _appliedIndex;

    public ControlPlaneState State => _state;

    /// <summary>
    /// The bytes of each route entry of the plan serialised last: a render that reused a route's binding gives the same
    /// entry objects, so the next commit's serialisation copies them instead of writing thousands of entries again.
    /// </summary>
    internal RouteEntryBytes EntryBytes { get; } = new();

    private ApplyRollout Rollout => _rollout ??= new ApplyRollout(host, publisher, options, time, logger, _resolver, Pause, metrics, () => _state, SaveAsync);

    /// <summary>The kill switch: while paused, nothing is applied.</summary>
    public PauseSwitch Pause { get; } = pause ?? new PauseSwitch(null);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (reviewedPlans is not null)
        {
            try
            {
                await reviewedPlans.LoadAsync(cancellationToken);
            }
            catch (System.Text.Json.JsonException e)
            {
                // Forgetting which plans were shown holds heads until their pull requests are reviewed again; it applies nothing unreviewed.
                LogReviewedPlansUnreadable(logger, e.Message);
            }
        }

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

            var reading = time.GetTimestamp();
            var (files, ages) = await ReadWithAgesAsync(commit, cancellationToken);
            var rendering = time.GetTimestamp();
            var input = ReviewService.InputOf(files, ages, commit, options.TargetBranch);
            // The claims in force (what is applied) decide which team's change made an overlap: only that team is refused.
            var (renderHere, result) = await ClaimHistory.RenderAsync(source, render, files, input, new(_state.AppliedCommit, _state.KeptTeams), cancellationToken);
            var renderTime = time.GetElapsedTime(rendering);
            metrics?.Rendered(renderTime);
            LogRead(logger, ShortId.Commit(commit), time.GetElapsedTime(reading, rendering).TotalMilliseconds, files.Files.Count);
            LogRendered(logger, ShortId.Commit(commit), renderTime.TotalMilliseconds, result.Plan.Listeners.Count, result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            var checking = time.GetTimestamp();
            var applying = await CommitPlan.RenderAsync(async (c, ct) => (await source.ReadAsync(c, ct)).Files, renderHere, input, result, _state.KeptTeams ?? new Dictionary<string, string>(), _state.AppliedCommit, cancellationToken);
            if (applying is null)
            {
                await RefuseAsync(commit, result, cancellationToken);
                return ApplyOutcome.Refused;
            }

            if (applying.Refused.Count > 0)
            {
                LogTeamsKept(logger, ShortId.Commit(commit), string.Join(", ", applying.Refused.Select(t => t.Name)),
                    string.Join("; ", applying.Refused.Select(t => t.Errors.Count == 0 ? t.Folder : t.Errors[0].ToString())));
            }

            result = applying.Result;
            // The hash the pull request's review showed and recorded for this plan (CommitPlan.Hash), and the bytes the
            // nodes get, from one serialisation of a plan of thousands of routes, not two.
            var serialising = time.GetTimestamp();
            var (canonical, planHash) = PlanJson.ToCanonicalBytesWithHash(result.Plan, EntryBytes);
            EntryBytes.Commit();
            var guarding = time.GetTimestamp();

            // The routing tests of what is applied: a refused team's kept folder brings its own tests back with its routes.
            var guard = await ApplyGuard.EvaluateAsync(source, _resolver, files with { Files = applying.Files }, result, publisher.Current, cancellationToken, _appliedFiles, _appliedIndex, new(_state.AppliedCommit, _state.KeptTeams));
            LogChecked(logger, ShortId.Commit(commit), time.GetElapsedTime(checking, serialising).TotalMilliseconds,
                time.GetElapsedTime(serialising, guarding).TotalMilliseconds, time.GetElapsedTime(guarding).TotalMilliseconds);
            if (guard.Blocks)
            {
                var check = ApplyCheckText.Guarded(commit, guard, publisher.Current);
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = null, Refused = ApplyRefusal.Of(commit, check.Title, guard.Describe().Reasons, time.GetUtcNow()) }, null, cancellationToken);
                await host.SetCheckAsync(check, cancellationToken);
                LogGuarded(logger, commit, guard.Describe().Title, string.Join("; ", guard.Describe().Reasons));
                return ApplyOutcome.Refused;
            }

            if (options.RequireReviewedPlans && planHash != publisher.Current?.PlanHash && ReviewGate.Hold(reviewedPlans ?? new ReviewedPlans(null), planHash) is { } unreviewed)
            {
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = ApplyRefusal.Of(commit, "not applied: " + unreviewed, [unreviewed], time.GetUtcNow()) }, null, cancellationToken);
                if (!retryingFrozen)
                {
                    await host.SetCheckAsync(ReviewGate.Check(commit, unreviewed, publisher.Current), cancellationToken);
                }

                LogUnreviewed(logger, commit, unreviewed);
                return ApplyOutcome.Unreviewed;
            }

            if (Freeze(files) is { } freeze)
            {
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = null, Frozen = FreezeHold.Of(commit, freeze) }, null, cancellationToken);
                if (!retryingFrozen)
                {
                    await host.SetCheckAsync(ApplyCheckText.Frozen(commit, freeze), cancellationToken);
                }

                LogFrozen(logger, commit, freeze.Reason, freeze.Until);
                return ApplyOutcome.Frozen;
            }

            if (Pause.Record is { } paused)
            {
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = null, Frozen = null }, null, cancellationToken);
                if (!retryingFrozen)
                {
                    await host.SetCheckAsync(ApplyCheckText.Paused(commit, paused), cancellationToken);
                }

                LogPaused(logger, commit, paused.Reason);
                return ApplyOutcome.Paused;
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

            var outcome = await Rollout.PublishAsync(commit, result, (canonical, planHash), applying.Refused, guard.Triggered ? guard.Override : null, RoutingTestLoader.Load(files.Files).Cases, cancellationToken);
            if (outcome == ApplyOutcome.Applied)
            {
                _appliedFiles = files;
                _appliedIndex = guard.HeadIndex;
            }

            return outcome;
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
            LogRefusedError(logger, ShortId.Commit(commit), error);
        }

        LogRefused(logger, ShortId.Commit(commit), errors.Count, _state.Revision, _state.AppliedCommit is { } good ? ShortId.Commit(good) : "none");
    }

    // The tree, then the objects' ages, which take the blobs of the tree just read instead of reading them from git again.
    private async Task<(CommitFiles Files, ObjectAges? Ages)> ReadWithAgesAsync(string commit, CancellationToken cancellationToken)
    {
        var files = await source.ReadAsync(commit, cancellationToken);
        return (files, await source.AgesAsync(commit, files.Files, cancellationToken));
    }


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

    private async Task SaveAsync(ControlPlaneState state, PlanRevision? revision, CancellationToken cancellationToken)
    {
        await store.SaveAsync(state, revision, cancellationToken);
        _state = state;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered {Commit} in {Milliseconds:0} ms: {Listeners} listeners, {Errors} errors")]
    private static partial void LogRendered(ILogger logger, string commit, double milliseconds, int listeners, int errors);

    // The checks' parts, for the merge-to-serving bench: what follows them up to the publish is saving the state.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Checked {Commit}: team isolation {Isolation:0.0} ms, plan serialised {Serialise:0.0} ms, guard {Guard:0.0} ms")]
    private static partial void LogChecked(ILogger logger, string commit, double isolation, double serialise, double guard);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Commit} from git in {Milliseconds:0} ms: {Files} files (with the objects' ages, read alongside)")]
    private static partial void LogRead(ILogger logger, string commit, double milliseconds, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Commit}: {Error}")]
    private static partial void LogRefusedError(ILogger logger, string commit, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Commit} ({Errors} errors): nothing applied; revision {Revision} from {GoodCommit} keeps serving")]
    private static partial void LogRefused(ILogger logger, string commit, int errors, long revision, string goodCommit);


    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} not applied ({Title}) and the last good plan keeps serving: {Reasons}")]
    private static partial void LogGuarded(ILogger logger, string commit, string title, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} applied with GitGateway-Allow-Destructive '{Reason}' although: {Reasons}")]
    private static partial void LogOverridden(ILogger logger, string commit, string reason, string reasons);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Commit {Commit} renders NO ROUTE and is applied by GitGateway-Allow-Destructive '{Reason}': every node stops serving traffic")]
    private static partial void LogEmptyPlanApplied(ILogger logger, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Commit} held by freeze window '{Reason}' until {Until}")]
    private static partial void LogFrozen(ILogger logger, string commit, string reason, DateTimeOffset until);

    // The console's "refused with file:line" for a team: its first error, as the apply check names it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused team(s) {Teams} at {Commit}: {Error}; their last applied files are kept and every other change goes on")]
    private static partial void LogTeamsKept(ILogger logger, string commit, string teams, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reviewed-plans.json is not readable ({Error}): heads are held until their plans are shown on a pull request again")]
    private static partial void LogReviewedPlansUnreadable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} held, only reviewed plans are applied: {Reason}")]
    private static partial void LogUnreviewed(ILogger logger, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Commit} held: applies are paused ({Reason})")]
    private static partial void LogPaused(ILogger logger, string commit, string reason);



}
