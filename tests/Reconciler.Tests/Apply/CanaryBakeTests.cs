using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// The canary bake judges the nodes' reports, not the control plane's clock: when the bake time is up before the
/// canary's next report has come in (a loaded node or control plane), the verdict waits for that report.
/// </summary>
public sealed class CanaryBakeTests
{
    private const string Route = "httproute/store/store-web/rule/0/match/0";
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);
    private readonly OffsetTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
    private int _looks;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bake_TimeUpBeforeTheCanarysNextReport_WaitsForItAndHaltsOnItsErrors()
    {
        var (publisher, revision) = Published();
        var bake = new CanaryBake(publisher, new RolloutOptions(1, TimeSpan.FromSeconds(8), 0.05, 5), AckTimeout, Looked, _time);
        var run = bake.RunAsync(revision, ["node-a"], ["node-b"], Ct);
        publisher.Report(Status("node-a", revision.PlanHash), [new RouteCounters(Route, 10, 0, 0)]);
        await Eventually.HoldsAsync(() => Volatile.Read(ref _looks) > 0, "the bake watches");

        _time.Advance(TimeSpan.FromSeconds(9)); // the bake time is up; node-a has not reported since it ACKed
        var looked = Volatile.Read(ref _looks);
        await Eventually.HoldsAsync(() => run.IsCompleted || Volatile.Read(ref _looks) >= looked + 2, "a look after the bake time");
        publisher.Report(Status("node-a", revision.PlanHash), [new RouteCounters(Route, 30, 20, 20)]);
        var verdict = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.False(verdict.Passed, "passed on counters from before the bake ended");
        Assert.Equal("node-a", verdict.Node);
        Assert.StartsWith($"route {Route} answered 5xx to 20/20 requests (20 could not connect", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bake_CanaryReportsNothingAfterItsBake_HaltsOnceTheAckTimeoutHasPassed()
    {
        var (publisher, revision) = Published();
        var bake = new CanaryBake(publisher, new RolloutOptions(1, TimeSpan.FromSeconds(8), 0.05, 5), AckTimeout, Looked, _time);
        var run = bake.RunAsync(revision, ["node-a"], ["node-b"], Ct);
        publisher.Report(Status("node-a", revision.PlanHash), [new RouteCounters(Route, 10, 0, 0)]);
        await Eventually.HoldsAsync(() => Volatile.Read(ref _looks) > 0, "the bake watches");

        _time.Advance(TimeSpan.FromSeconds(9) + AckTimeout);
        var verdict = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(CanaryVerdict.Halt("node-a", "sent no report in the 10 s after its bake ended"), verdict);
    }

    [Fact]
    public async Task Bake_CanaryReportsCleanCountersAfterItsBake_Passes()
    {
        var (publisher, revision) = Published();
        var bake = new CanaryBake(publisher, new RolloutOptions(1, TimeSpan.FromSeconds(8), 0.05, 5), AckTimeout, Looked, _time);
        var run = bake.RunAsync(revision, ["node-a"], ["node-b"], Ct);
        publisher.Report(Status("node-a", revision.PlanHash), [new RouteCounters(Route, 10, 0, 0)]);
        await Eventually.HoldsAsync(() => Volatile.Read(ref _looks) > 0, "the bake watches");

        _time.Advance(TimeSpan.FromSeconds(9));
        publisher.Report(Status("node-a", revision.PlanHash), [new RouteCounters(Route, 40, 0, 0)]);
        var verdict = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(CanaryVerdict.Pass, verdict);
    }

    private bool Looked()
    {
        Interlocked.Increment(ref _looks);
        return false;
    }

    /// <summary>Revision 1 served by node-a and node-b, and revision 2, the one on trial.</summary>
    private (PlanPublisher Publisher, PlanRevision Trial) Published()
    {
        var publisher = new PlanPublisher(_time);
        var stable = Revision(1, "sha256:one");
        publisher.Publish(stable);
        publisher.Report(Status("node-a", stable.PlanHash), [new RouteCounters(Route, 10, 0, 0)]);
        publisher.Report(Status("node-b", stable.PlanHash), [new RouteCounters(Route, 10, 0, 0)]);
        return (publisher, Revision(2, "sha256:two"));
    }

    private NodeStatus Status(string node, string hash) =>
        new(node, hash, true, null, true, _time.GetUtcNow()) { ReportedAt = _time.GetUtcNow() };

    private static PlanRevision Revision(long number, string hash) =>
        new(number, "c" + number, hash, RoutingPlan.Empty("main@sha1:c" + number), []);
}
