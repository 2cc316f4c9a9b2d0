using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Rolls a plan out as a revision: to the canary nodes first (<see cref="CanaryBake"/>; a regression halts the rollout
/// and returns them to the last good revision), then to every node, collecting each node's answer into the
/// <c>gitgateway/apply</c> check. The state is <see cref="ApplyService"/>'s: read through <paramref name="state"/>
/// and saved through <paramref name="save"/> before any node is told.
/// </summary>
internal sealed partial class ApplyRollout(
    ICodeHost host,
    PlanPublisher publisher,
    ApplyOptions options,
    TimeProvider time,
    ILogger logger,
    IRouteResolver resolver,
    PauseSwitch pause,
    RepositoryMetrics? metrics,
    Func<ControlPlaneState> state,
    Func<ControlPlaneState, PlanRevision?, CancellationToken, Task> save)
{
    /// <summary>Applies the plan of <paramref name="commit"/>; returns Applied, or how a canary stage ended it (halted or paused).</summary>
    public async Task<ApplyOutcome> PublishAsync(string commit, RenderResult result, (byte[] Canonical, string Hash) serialised, IReadOnlyList<RefusedTeam> refused, string? overrideReason, IReadOnlyList<RoutingTestCase> tests, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (canonical, hash) = serialised;
        var stable = publisher.Current;
        var revision = stable is not null && stable.PlanHash == hash
            ? stable
            : new PlanRevision(state().Revision + 1, commit, hash, result.Plan, canonical);
        var nodes = options.Nodes.Count > 0
            ? options.Nodes
            : publisher.Nodes.Values.Where(n => time.GetUtcNow() - n.LastSeen < TimeSpan.FromMinutes(2)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        if (await CanaryAsync(commit, revision, stable, nodes, tests, cancellationToken) is { } halted)
        {
            return halted;
        }

        var kept = refused.ToDictionary(t => t.Folder, t => t.KeptFrom, StringComparer.Ordinal);
        var keptErrors = refused.Where(t => t.Errors.Count > 0).ToDictionary(t => t.Folder, t => t.Errors[0].ToString(), StringComparer.Ordinal);
        await save(state() with { Revision = revision.Number, AppliedCommit = commit, PlanHash = hash, LastSeenCommit = commit, PendingCommit = null, Refused = null, KeptTeams = kept, KeptTeamErrors = keptErrors, Frozen = null, Halted = null }, revision, cancellationToken);
        publisher.Publish(revision);
        metrics?.Published(revision.Number);
        LogPublished(logger, revision.Number, ShortId.Commit(commit), hash);

        var answers = await publisher.WaitForAnswersAsync(hash, nodes, options.AckTimeout, cancellationToken);
        await save(state() with { Nodes = new Dictionary<string, NodeStatus>(publisher.Nodes) }, null, cancellationToken);
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
        var replay = rollout.Replay.Count == 0 ? null : new CanaryReplay(resolver, rollout.Replay);
        var bake = new CanaryBake(publisher, rollout, options.AckTimeout, () => pause.Paused, time, replay);
        var verdict = await bake.RunAsync(revision, canaries, [.. nodes.Skip(canaries.Count)], cancellationToken, tests);
        if (verdict.Passed)
        {
            return null;
        }

        publisher.Publish(stable); // the canaries go back to the last good revision
        var paused = pause.Record;
        await save(
            state() with { LastSeenCommit = commit, PendingCommit = paused is null ? null : commit, Refused = null, Frozen = null, Halted = CanaryHalt.Of(commit, revision.Number, verdict), Nodes = new Dictionary<string, NodeStatus>(publisher.Nodes) },
            null,
            cancellationToken);
        await host.SetCheckAsync(ApplyCheckText.Halted(commit, revision.Number, stable.Number, verdict), cancellationToken);
        LogHalted(logger, revision.Number, commit, verdict.Node ?? "", verdict.Reason ?? "");
        return paused is null ? ApplyOutcome.Halted : ApplyOutcome.Paused;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied revision {Revision} to {Acked}/{Nodes} nodes in {Milliseconds:0} ms")]
    private static partial void LogApplied(ILogger logger, long revision, int acked, int nodes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {Revision} goes to canary nodes {Nodes} first, baking {Seconds} s")]
    private static partial void LogCanary(ILogger logger, long revision, string nodes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollout of revision {Revision} ({Commit}) halted at {Node}: {Reason}; the canary is back on the last good revision")]
    private static partial void LogHalted(ILogger logger, long revision, string commit, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published revision {Revision} from {Commit} ({Hash})")]
    private static partial void LogPublished(ILogger logger, long revision, string commit, string hash);
}
