using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// What a pull request's diff is against, from the apply's saved state: what the edge serves when the base is applied
/// or held (and why it is held), the base's own render while an apply has not looked at the base yet.
/// </summary>
public sealed class ServedPlanTests
{
    private static readonly RoutingPlan Served = ReviewPlans.PlanOf(ReviewPlans.Host("shop.example.com"));
    private static readonly PlanRevision Revision = new(3, "applied", "sha256:served", Served, []);
    private static readonly ControlPlaneState Applied = ControlPlaneState.Empty with { Revision = 3, AppliedCommit = "applied", PlanHash = "sha256:served", LastSeenCommit = "applied" };

    [Fact]
    public void Of_BaseIsApplied_ServedPlanWithoutHold()
    {
        var served = ServedPlan.Of(PlanInForce.Of("main", Applied, Revision, null), "applied");

        Assert.Same(Served, served!.Plan);
        Assert.Equal("applied", served.Commit);
        Assert.Null(served.HeldTip);
    }

    [Fact]
    public void Of_BaseAheadAndNotLookedAtYet_BaseRender()
    {
        // An ordinary apply of "next" is running: the state still names the commit applied before it.
        Assert.Null(ServedPlan.Of(PlanInForce.Of("main", Applied, Revision, null), "next"));
    }

    [Fact]
    public void Of_NewRevisionSavedNotYetPublished_BaseRender()
    {
        var saved = Applied with { Revision = 4, AppliedCommit = "next", PlanHash = "sha256:next", LastSeenCommit = "next" };

        Assert.Null(ServedPlan.Of(PlanInForce.Of("main", saved, Revision, null), "next"));
    }

    [Fact]
    public void Of_BasePaused_ServedPlanAndThePauseReason()
    {
        var paused = Applied with { LastSeenCommit = "next", PendingCommit = "next" };

        var served = ServedPlan.Of(PlanInForce.Of("main", paused, Revision, new PauseRecord("incident 42", DateTimeOffset.UnixEpoch)), "next");

        Assert.Same(Served, served!.Plan);
        Assert.Equal(("next", "applies are paused: incident 42"), (served.HeldTip, served.HeldReason));
    }

    [Fact]
    public void Of_BaseFrozen_ServedPlanAndFreeze()
    {
        var frozen = Applied with { LastSeenCommit = "next", PendingCommit = "next" };

        Assert.Equal("a freeze window is open", ServedPlan.Of(PlanInForce.Of("main", frozen, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_BaseRefused_ServedPlanAndTheRefusalTitleWithoutItsPrefix()
    {
        var refused = Applied with { LastSeenCommit = "next", Refused = ApplyRefusal.Of("next", "not applied: destructive change (no trailer)", ["x"], DateTimeOffset.UnixEpoch) };

        Assert.Equal("destructive change (no trailer)", ServedPlan.Of(PlanInForce.Of("main", refused, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_BaseCanaryHalted_ServedPlanAndTheHalt()
    {
        var halted = Applied with { LastSeenCommit = "next" };

        Assert.Equal("its canary rollout was halted", ServedPlan.Of(PlanInForce.Of("main", halted, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_BaseFrozenWithTheWindowKept_ReasonNamesTheWindowAndWhenItCloses()
    {
        var frozen = Applied with
        {
            LastSeenCommit = "next",
            PendingCommit = "next",
            Frozen = new FreezeHold("next", "weekend freeze", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)),
        };

        Assert.Equal("a freeze window is open: weekend freeze until 2026-11-23 10:00 UTC", ServedPlan.Of(PlanInForce.Of("main", frozen, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_BaseHaltedWithTheHaltKept_ReasonNamesTheCanaryAndTheCheckThatFailed()
    {
        var halted = Applied with { LastSeenCommit = "next", Halted = new CanaryHalt("next", 4, "node-a", "route r answered 5xx to 9/20 requests") };

        Assert.Equal(
            "its canary rollout was halted at node-a: route r answered 5xx to 9/20 requests",
            ServedPlan.Of(PlanInForce.Of("main", halted, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_FreezeAndHaltKeptForEarlierCommits_NotSaidOfTheHeldOne()
    {
        var until = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var state = Applied with { Frozen = new FreezeHold("earlier", "weekend freeze", until), Halted = new CanaryHalt("earlier", 4, "node-a", "no longer ready on the revision") };

        Assert.Equal("a freeze window is open", ServedPlan.Of(PlanInForce.Of("main", state with { LastSeenCommit = "next", PendingCommit = "next" }, Revision, null), "next")!.HeldReason);
        Assert.Equal("its canary rollout was halted", ServedPlan.Of(PlanInForce.Of("main", state with { LastSeenCommit = "next" }, Revision, null), "next")!.HeldReason);
    }

    [Fact]
    public void Of_HostileHaltInAnEditedStateFile_ReasonIsOneBoundedLine()
    {
        // The records bound what they keep; a state file edited by hand is bounded again where it is read.
        var hostile = Applied with { LastSeenCommit = "next", Halted = new CanaryHalt("next", 4, "node\n-a\u202E" + new string('n', 900), "x\r\n### ✅" + new string('y', 900)) };

        var reason = ServedPlan.Of(PlanInForce.Of("main", hostile, Revision, null), "next")!.HeldReason!;

        Assert.DoesNotContain(reason, c => char.IsControl(c) || c == '\u202E');
        Assert.InRange(reason.Length, 1, PlanInForce.MaxReason);
        Assert.StartsWith("its canary rollout was halted at node-a", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_NothingAppliedAndBaseHeld_NothingServed()
    {
        var held = ControlPlaneState.Empty with { LastSeenCommit = "first", PendingCommit = "first" };

        var served = ServedPlan.Of(PlanInForce.Of("main", held, null, null), "first");

        Assert.Equal((null, null, "first"), (served!.Plan, served.Commit, served.HeldTip));
    }
}
