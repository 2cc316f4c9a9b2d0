using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Apply;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Drift;

/// <summary>
/// The drift look (issue 15): the <c>gitgateway/drift</c> check on the applied head, written when what it says
/// changes, and the repair of a node behind (re-sent its revision, bounded, with back-off).
/// </summary>
public sealed class DriftWatchTests
{
    private static readonly DriftOptions Options = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(5));
    private readonly OffsetTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingCodeHost _host = new();
    private readonly PlanPublisher _publisher;
    private readonly DriftWatch _watch;

    public DriftWatchTests()
    {
        _publisher = new PlanPublisher(_time);
        _watch = new DriftWatch(_publisher, _host, Options, _time, NullLogger<DriftWatch>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Look_NodeBehindPastTheGrace_CheckFailsNamingIt_WrittenOnChangeOnly_GreenWhenItCatchesUp()
    {
        _publisher.Publish(Revision(2, "sha256:two"));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        Report("edge-b", "sha256:one", serving: "sha256:one");
        await _watch.LookAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(6));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        Report("edge-b", "sha256:one", serving: "sha256:one");
        await _watch.LookAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _watch.LookAsync(Ct);
        Report("edge-b", "sha256:two", serving: "sha256:two");
        await _watch.LookAsync(Ct);

        var checks = _host.Checks.ToList();
        Assert.Equal([CheckOutcome.Success, CheckOutcome.Failure, CheckOutcome.Success], checks.Select(c => c.Outcome));
        Assert.All(checks, c => Assert.Equal(("gitgateway/drift", "c2"), (c.Name, c.Sha)));
        var red = checks[1];
        Assert.Equal("drift: edge-b differs from revision 2", red.Title);
        Assert.Contains("- **edge-b**: serves plan `one`, not revision 2 (`two`); behind for 6 s", red.Summary, StringComparison.Ordinal);
        Assert.Contains("1 of 2 nodes differ", red.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("edge-a", red.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Look_NodeGivenItsRevisionButServingAnother_ResentWithBackOff_GivesUpAtTheBound_RepairedWhenItServes()
    {
        _publisher.Publish(Revision(2, "sha256:two"));
        Refused("edge-b");
        await _watch.LookAsync(Ct);
        Assert.Null(await ResentAsync("edge-b")); // within the grace: the revision may still be on its way

        _time.Advance(TimeSpan.FromSeconds(6));
        Refused("edge-b");
        await _watch.LookAsync(Ct);
        Assert.Equal(2, (await ResentAsync("edge-b"))?.Number);
        Assert.Equal(1, Assert.Single(_watch.Repairs).Attempts);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _watch.LookAsync(Ct);
        Assert.Null(await ResentAsync("edge-b")); // backing off

        _time.Advance(TimeSpan.FromSeconds(5));
        Refused("edge-b");
        await _watch.LookAsync(Ct);
        Assert.Equal(2, (await ResentAsync("edge-b"))?.Number);

        _time.Advance(TimeSpan.FromSeconds(9)); // the second back-off is twice the first
        Refused("edge-b");
        await _watch.LookAsync(Ct);
        Assert.Null(await ResentAsync("edge-b"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Refused("edge-b");
        await _watch.LookAsync(Ct);
        Assert.Null(await ResentAsync("edge-b"));
        var gaveUp = Assert.Single(_watch.Repairs);
        Assert.True(gaveUp.GaveUp);
        Assert.Equal(2, gaveUp.Attempts);

        Report("edge-b", "sha256:two", serving: "sha256:two");
        await _watch.LookAsync(Ct);
        var repaired = Assert.Single(_watch.Repairs);
        Assert.NotNull(repaired.RepairedAt);
    }

    [Fact]
    public async Task Look_SilentNodeBehind_NotResent()
    {
        _publisher.Publish(Revision(2, "sha256:two"));
        Refused("edge-b");
        _time.Advance(TimeSpan.FromSeconds(12));
        await _watch.LookAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(6));
        await _watch.LookAsync(Ct);

        Assert.Null(await ResentAsync("edge-b"));
        Assert.Empty(_watch.Repairs);
        Assert.Equal(CheckOutcome.Failure, _host.Checks.Last().Outcome);
    }

    [Fact]
    public async Task Look_NoAppliedRevision_WritesNoCheck()
    {
        Report("edge-a", "sha256:one", serving: "sha256:one");
        await _watch.LookAsync(Ct);

        Assert.Empty(_host.Checks);
    }

    [Fact]
    public async Task Look_AfterARestartWithTheSameState_SameCheckNotWrittenAgain_NoNodeNoCheck()
    {
        using var state = new Cli.TempDirectory();
        _publisher.Publish(Revision(2, "sha256:two"));
        var before = new DriftWatch(_publisher, _host, Options, _time, NullLogger<DriftWatch>.Instance, state.Path);
        await before.LookAsync(Ct);
        Assert.Empty(_host.Checks); // no node has reported: nothing to drift

        Report("edge-a", "sha256:two", serving: "sha256:two");
        await before.LookAsync(Ct);
        var restarted = new DriftWatch(_publisher, _host, Options, _time, NullLogger<DriftWatch>.Instance, state.Path);
        await restarted.LookAsync(Ct);

        Assert.Equal(CheckOutcome.Success, Assert.Single(_host.Checks).Outcome);
    }

    [Fact]
    public async Task Look_NodeLeftTheNodeListAndSilent_DroppedAtOnce_ListedSilentNodeAndUnlistedLiveNodeStay()
    {
        var watch = new DriftWatch(_publisher, _host, Options, _time, NullLogger<DriftWatch>.Instance, nodes: ["edge-a"]);
        _publisher.Publish(Revision(2, "sha256:two"));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        Report("edge-gone", "sha256:two", serving: "sha256:two");
        await watch.LookAsync(Ct);
        Assert.Contains("edge-gone", _publisher.Nodes.Keys); // it still reports: not yet gone

        _time.Advance(TimeSpan.FromSeconds(11));
        Report("edge-new", "sha256:two", serving: "sha256:two"); // not listed, but alive: it serves, so it is shown
        await watch.LookAsync(Ct);

        Assert.Equal(["edge-a", "edge-new"], _publisher.Nodes.Keys.Order(StringComparer.Ordinal));
        var drift = Assert.Single(_publisher.Drift.Evaluate(_publisher));
        Assert.Equal("edge-a", drift.Node);
        Assert.True(drift.Silent); // a listed node that goes silent is still shown as silent
    }

    [Fact]
    public async Task Look_NodeSilentPastForgetAfter_Forgotten_CheckGreen_SilentUntilThen()
    {
        var watch = new DriftWatch(_publisher, _host, Options with { ForgetAfter = TimeSpan.FromHours(1) }, _time, NullLogger<DriftWatch>.Instance);
        _publisher.Publish(Revision(2, "sha256:two"));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        Report("edge-gone", "sha256:two", serving: "sha256:two");
        _time.Advance(TimeSpan.FromSeconds(30));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        await watch.LookAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(58));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        await watch.LookAsync(Ct);
        Assert.True(Assert.Single(_publisher.Drift.Evaluate(_publisher)).Silent); // silent for 59 minutes: still shown
        Assert.Equal("drift: edge-gone differs from revision 2", _host.Checks.Last().Title);

        _time.Advance(TimeSpan.FromMinutes(2));
        Report("edge-a", "sha256:two", serving: "sha256:two");
        await watch.LookAsync(Ct);

        Assert.Equal(["edge-a"], _publisher.Nodes.Keys);
        Assert.Empty(_publisher.Drift.Evaluate(_publisher));
        Assert.Equal((CheckOutcome.Success, "no drift: revision 2 on 1 node as planned"), (_host.Checks.Last().Outcome, _host.Checks.Last().Title));
    }

    [Fact]
    public async Task Look_EveryNodeForgotten_CheckTurnsGreen()
    {
        var watch = new DriftWatch(_publisher, _host, Options with { ForgetAfter = TimeSpan.FromMinutes(1) }, _time, NullLogger<DriftWatch>.Instance);
        _publisher.Publish(Revision(2, "sha256:two"));
        Report("edge-gone", "sha256:two", serving: "sha256:two");
        _time.Advance(TimeSpan.FromSeconds(30));
        await watch.LookAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(10));
        await watch.LookAsync(Ct);
        Assert.Equal(CheckOutcome.Failure, _host.Checks.Last().Outcome);

        _time.Advance(TimeSpan.FromMinutes(1));
        await watch.LookAsync(Ct);

        Assert.Empty(_publisher.Nodes);
        Assert.Equal(CheckOutcome.Success, _host.Checks.Last().Outcome);
    }

    private Task<PlanRevision?> ResentAsync(string node) => _publisher.WaitForNewAsync(node, "sha256:two", TimeSpan.Zero, Ct);

    // Given revision 2, the node could not load it (a port still taken) and serves revision 1.
    private void Refused(string node) =>
        _publisher.Report(new NodeStatus(node, "sha256:two", false, "port 8443 is in use", true, _time.GetUtcNow()) { Serving = "sha256:one", ReportedAt = _time.GetUtcNow() });

    private void Report(string node, string hash, string serving) =>
        _publisher.Report(new NodeStatus(node, hash, true, null, true, _time.GetUtcNow()) { Serving = serving, ReportedAt = _time.GetUtcNow() });

    private static PlanRevision Revision(long number, string hash) =>
        new(number, "c" + number, hash, RoutingPlan.Empty("main@sha1:c" + number), []);
}
