using System.Globalization;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Review.RoutingTests;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// One canary stage of a rollout: give the revision to the canary nodes only, wait for their ACK with every port
/// bound, then bake while watching the nodes' own signals, the reports they repeat every few seconds: each canary
/// must keep serving the revision, ready, and no route may answer 5xx (connect failures included) at a rate above
/// the other nodes' rate on the same route by more than the threshold; with <paramref name="replay"/>, the
/// repository's routing tests are first replayed against each canary's listeners. Any of these halts at once; a
/// halted canary is returned to the last good revision by the caller. <paramref name="paused"/> is asked too:
/// pausing halts a bake. The bake passes on reports received after its end, never on the clock alone.
/// </summary>
internal sealed class CanaryBake(PlanPublisher publisher, RolloutOptions options, TimeSpan ackTimeout, Func<bool> paused, TimeProvider time, CanaryReplay? replay = null)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public async Task<CanaryVerdict> RunAsync(PlanRevision revision, IReadOnlyList<string> canaries, IReadOnlyList<string> others, CancellationToken cancellationToken, IReadOnlyList<RoutingTestCase>? tests = null)
    {
        publisher.PublishCanary(revision, canaries.ToHashSet(StringComparer.Ordinal));
        var answers = await publisher.WaitForAnswersAsync(revision.PlanHash, canaries, ackTimeout, cancellationToken);
        for (var i = 0; i < canaries.Count; i++)
        {
            if (answers[i] is not { Accepted: true } answer)
            {
                return CanaryVerdict.Halt(canaries[i], answers[i] is { } nack ? "refused: " + nack.Error : "did not answer");
            }
        }

        foreach (var node in replay is null || tests is not { Count: > 0 } ? [] : canaries)
        {
            if (await replay!.RunAsync(node, revision.Plan, tests!, cancellationToken) is { } failed)
            {
                return CanaryVerdict.Halt(node, failed);
            }
        }

        var baseline = canaries.Concat(others).ToDictionary(n => n, publisher.Routes, StringComparer.Ordinal);
        var until = time.GetUtcNow() + options.Bake;
        while (true)
        {
            // Read before the counters Check reads, so counters at least this recent are the ones judged.
            var reported = canaries.Select(n => publisher.Nodes.GetValueOrDefault(n)?.ReportedAt).ToList();
            if (Check(revision.PlanHash, canaries, others, baseline) is { } halted)
            {
                return halted;
            }

            if (time.GetUtcNow() >= until && Ended(canaries, reported, until) is { } verdict)
            {
                return verdict;
            }

            await Task.Delay(Tick, time, cancellationToken);
        }
    }

    /// <summary>
    /// Once the bake time is up, it passes only on each canary's counters from a report received after its end:
    /// on a loaded node or control plane the last report may be seconds old, and passing on it would judge a bake
    /// shorter than configured, maybe without a single request of a broken route. A canary that sends no such
    /// report within the ACK timeout halts the rollout. Null: wait for the reports.
    /// </summary>
    private CanaryVerdict? Ended(IReadOnlyList<string> canaries, IReadOnlyList<DateTimeOffset?> reported, DateTimeOffset until)
    {
        var late = canaries.Where((_, i) => reported[i] is not { } at || at < until).ToList();
        if (late.Count == 0)
        {
            return CanaryVerdict.Pass;
        }

        return time.GetUtcNow() >= until + ackTimeout
            ? CanaryVerdict.Halt(late[0], string.Create(CultureInfo.InvariantCulture, $"sent no report in the {ackTimeout.TotalSeconds:0} s after its bake ended"))
            : null;
    }

    private CanaryVerdict? Check(string hash, IReadOnlyList<string> canaries, IReadOnlyList<string> others, Dictionary<string, IReadOnlyList<RouteCounters>> baseline)
    {
        if (paused())
        {
            return CanaryVerdict.Halt(canaries[0], "applies were paused");
        }

        var stable = Sum(others.Select(n => Delta(baseline[n], publisher.Routes(n))));
        foreach (var node in canaries)
        {
            var status = publisher.Nodes.GetValueOrDefault(node);
            if (status is null || status.PlanHash != hash || !status.Accepted || !status.Ready)
            {
                return CanaryVerdict.Halt(node, status is { Accepted: false } ? "refused: " + status.Error : "no longer ready on the revision");
            }

            foreach (var (route, (requests, errors, connect)) in Delta(baseline[node], publisher.Routes(node)))
            {
                var stableRate = stable.TryGetValue(route, out var s) && s.Requests > 0 ? (double)s.Errors / s.Requests : 0;
                var rate = requests == 0 ? 0 : (double)errors / requests;
                if (requests >= options.MinRequests && rate - stableRate > options.MaxErrorRate)
                {
                    return CanaryVerdict.Halt(node, string.Create(CultureInfo.InvariantCulture, $"route {route} answered 5xx to {errors}/{requests} requests ({connect} could not connect to the backend); the other nodes {stableRate:P0}"));
                }
            }
        }

        return null;
    }

    /// <summary>What a node's counters grew by since the baseline (a node that restarted counts from zero).</summary>
    private static Dictionary<string, (long Requests, long Errors, long Connect)> Delta(IReadOnlyList<RouteCounters> before, IReadOnlyList<RouteCounters> now)
    {
        var start = before.ToDictionary(r => r.Route, StringComparer.Ordinal);
        var delta = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        foreach (var route in now)
        {
            var from = start.GetValueOrDefault(route.Route);
            delta[route.Route] = from is null || from.Requests > route.Requests
                ? (route.Requests, route.ServerErrors, route.ConnectErrors)
                : (route.Requests - from.Requests, route.ServerErrors - from.ServerErrors, route.ConnectErrors - from.ConnectErrors);
        }

        return delta;
    }

    private static Dictionary<string, (long Requests, long Errors)> Sum(IEnumerable<Dictionary<string, (long Requests, long Errors, long Connect)>> nodes)
    {
        var sum = new Dictionary<string, (long Requests, long Errors)>(StringComparer.Ordinal);
        foreach (var (route, (requests, errors, _)) in nodes.SelectMany(n => n))
        {
            var (r, e) = sum.GetValueOrDefault(route);
            sum[route] = (r + requests, e + errors);
        }

        return sum;
    }
}
