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
/// hold a valid one while a freeze window is open or applies are paused; otherwise roll it out: to the canary nodes
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
    private ControlPlaneState _state = ControlPlaneState.Empty;

    // The files of the commit last applied, so the next commit's guard does not read that whole tree from git again.
    private CommitFiles? _appliedFiles;

    // The route entries of the plan last applied, built by its own guard check, so the next commit's guard does not index it again.
    private AppliedIndex? _appliedIndex;

    public ControlPlaneState State => _state;

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
            var files = await source.ReadAsync(commit, cancellationToken);
            var rendering = time.GetTimestamp();
            var ages = await source.AgesAsync(commit, cancellationToken);
            var input = ReviewService.InputOf(files, ages, commit, options.TargetBranch);
            // The claims in force (what is applied) decide which team's change made an overlap: only that team is refused.
            var (renderHere, result) = await ClaimHistory.RenderAsync(source, render, files, input, _state.AppliedCommit, cancellationToken);
            var renderTime = time.GetElapsedTime(rendering);
            metrics?.Rendered(renderTime);
            LogRead(logger, Short(commit), time.GetElapsedTime(reading, rendering).TotalMilliseconds, files.Files.Count);
            LogRendered(logger, Short(commit), renderTime.TotalMilliseconds, result.Plan.Listeners.Count, result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            var applying = await CommitPlan.RenderAsync(async (c, ct) => (await source.ReadAsync(c, ct)).Files, renderHere, input, result, _state.KeptTeams ?? new Dictionary<string, string>(), _state.AppliedCommit, cancellationToken);
            if (applying is null)
            {
                await RefuseAsync(commit, result, cancellationToken);
                return ApplyOutcome.Refused;
            }

            if (applying.Refused.Count > 0)
            {
                LogTeamsKept(logger, Short(commit), string.Join(", ", applying.Refused.Select(t => t.Name)),
                    string.Join("; ", applying.Refused.Select(t => t.Errors.Count == 0 ? t.Folder : t.Errors[0].ToString())));
            }

            result = applying.Result;
            // The hash the pull request's review showed and recorded for this plan (CommitPlan.Hash), and the bytes the
            // nodes get, from one serialisation of a plan of thousands of routes, not two.
            var (canonical, planHash) = PlanJson.ToCanonicalBytesWithHash(result.Plan);

            // The routing tests of what is applied: a refused team's kept folder brings its own tests back with its routes.
            var guard = await ApplyGuard.EvaluateAsync(source, _resolver, files with { Files = applying.Files }, result, publisher.Current, cancellationToken, _appliedFiles, _appliedIndex);
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
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = null }, null, cancellationToken);
                if (!retryingFrozen)
                {
                    await host.SetCheckAsync(ApplyCheckText.Frozen(commit, freeze), cancellationToken);
                }

                LogFrozen(logger, commit, freeze.Reason, freeze.Until);
                return ApplyOutcome.Frozen;
            }

            if (Pause.Record is { } paused)
            {
                await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = commit, Refused = null }, null, cancellationToken);
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

            var outcome = await PublishAsync(commit, result, (canonical, planHash), applying.Refused, guard.Triggered ? guard.Override : null, RoutingTestLoader.Load(files.Files).Cases, cancellationToken);
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

    private async Task<ApplyOutcome> PublishAsync(string commit, RenderResult result, (byte[] Canonical, string Hash) serialised, IReadOnlyList<RefusedTeam> refused, string? overrideReason, IReadOnlyList<RoutingTestCase> tests, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (canonical, hash) = serialised;
        var stable = publisher.Current;
        var revision = stable is not null && stable.PlanHash == hash
            ? stable
            : new PlanRevision(_state.Revision + 1, commit, hash, result.Plan, canonical);
        var nodes = options.Nodes.Count > 0
            ? options.Nodes
            : publisher.Nodes.Values.Where(n => time.GetUtcNow() - n.LastSeen < TimeSpan.FromMinutes(2)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        if (await CanaryAsync(commit, revision, stable, nodes, tests, cancellationToken) is { } halted)
        {
            return halted;
        }

        var kept = refused.ToDictionary(t => t.Folder, t => t.KeptFrom, StringComparer.Ordinal);
        var keptErrors = refused.Where(t => t.Errors.Count > 0).ToDictionary(t => t.Folder, t => t.Errors[0].ToString(), StringComparer.Ordinal);
        await SaveAsync(_state with { Revision = revision.Number, AppliedCommit = commit, PlanHash = hash, LastSeenCommit = commit, PendingCommit = null, Refused = null, KeptTeams = kept, KeptTeamErrors = keptErrors }, revision, cancellationToken);
        publisher.Publish(revision);
        metrics?.Published(revision.Number);
        LogPublished(logger, revision.Number, Short(commit), hash);

        var answers = await publisher.WaitForAnswersAsync(hash, nodes, options.AckTimeout, cancellationToken);
        await SaveAsync(_state with { Nodes = new Dictionary<string, NodeStatus>(publisher.Nodes) }, null, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        LogApplied(logger, revision.Number, answers.Count(a => a is { Accepted: true }), nodes.Count, elapsed.TotalMilliseconds);
        var check = ApplyCheckText.Answers(commit, revision.Number, hash, nodes, answers, elapsed, overrideReason);
        await host.SetCheckAsync(refused.Count == 0 ? check : ApplyCheckText.WithRefusedTeams(check, refused), cancellationToken);
        return ApplyOutcome.Applied;
    }

    /// <summary>
    /// Bakes a new revision on the canary nodes when there is a last good revision to return to and more nodes than
    /// canaries; returns null when the rollout may go on to every node, else how it ended (halted or paused).
    /// </summary>
    private async Task<ApplyOutcome?> CanaryAsync(string commit, PlanRevision revision, PlanRevision? stable, IReadOnlyList<string> nodes, IReadOnlyList<RoutingTestCase> tests, CancellationToken cancellationToken)
    {
        var rollout = options.Rollout;
        if (stable is null || stable.PlanHash == revision.PlanHash || rollout.CanaryNodes <= 0 || nodes.Count <= rollout.CanaryNodes)
        {
            return null;
        }

        var canaries = nodes.Take(rollout.CanaryNodes).ToList();
        LogCanary(logger, revision.Number, string.Join(", ", canaries), rollout.Bake.TotalSeconds);
        var replay = rollout.Replay.Count == 0 ? null : new CanaryReplay(_resolver, rollout.Replay);
        var bake = new CanaryBake(publisher, rollout, options.AckTimeout, () => Pause.Paused, time, replay);
        var verdict = await bake.RunAsync(revision, canaries, [.. nodes.Skip(canaries.Count)], cancellationToken, tests);
        if (verdict.Passed)
        {
            return null;
        }

        publisher.Publish(stable); // the canaries go back to the last good revision
        var paused = Pause.Record;
        await SaveAsync(_state with { LastSeenCommit = commit, PendingCommit = paused is null ? null : commit, Refused = null, Nodes = new Dictionary<string, NodeStatus>(publisher.Nodes) }, null, cancellationToken);
        await host.SetCheckAsync(ApplyCheckText.Halted(commit, revision.Number, stable.Number, verdict), cancellationToken);
        LogHalted(logger, revision.Number, commit, verdict.Node ?? "", verdict.Reason ?? "");
        return paused is null ? ApplyOutcome.Halted : ApplyOutcome.Paused;
    }

    private async Task SaveAsync(ControlPlaneState state, PlanRevision? revision, CancellationToken cancellationToken)
    {
        await store.SaveAsync(state, revision, cancellationToken);
        _state = state;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered {Commit} in {Milliseconds:0} ms: {Listeners} listeners, {Errors} errors")]
    private static partial void LogRendered(ILogger logger, string commit, double milliseconds, int listeners, int errors);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Commit} from git in {Milliseconds:0} ms: {Files} files")]
    private static partial void LogRead(ILogger logger, string commit, double milliseconds, int files);

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

    // The console's "refused with file:line" for a team: its first error, as the apply check names it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused team(s) {Teams} at {Commit}: {Error}; their last applied files are kept and every other change goes on")]
    private static partial void LogTeamsKept(ILogger logger, string commit, string teams, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reviewed-plans.json is not readable ({Error}): heads are held until their plans are shown on a pull request again")]
    private static partial void LogReviewedPlansUnreadable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit {Commit} held, only reviewed plans are applied: {Reason}")]
    private static partial void LogUnreviewed(ILogger logger, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Commit} held: applies are paused ({Reason})")]
    private static partial void LogPaused(ILogger logger, string commit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {Revision} goes to canary nodes {Nodes} first, baking {Seconds} s")]
    private static partial void LogCanary(ILogger logger, long revision, string nodes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollout of revision {Revision} ({Commit}) halted at {Node}: {Reason}; the canary is back on the last good revision")]
    private static partial void LogHalted(ILogger logger, long revision, string commit, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published revision {Revision} from {Commit} ({Hash})")]
    private static partial void LogPublished(ILogger logger, long revision, string commit, string hash);
}
