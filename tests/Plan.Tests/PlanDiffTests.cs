using GitGateway.Plan.Diff;

namespace GitGateway.Plan.Tests;

public sealed class PlanDiffTests
{
    [Fact]
    public void Compute_WeightChange_ReportsFieldLevelChangeOnTheBackend()
    {
        var diff = PlanDiff.Compute(SamplePlans.Store(90, 10), SamplePlans.Store(50, 50));

        Assert.Equal(2, diff.Changes.Count);
        var v1 = diff.Changes.Single(c => c.Id == "Service/store/store-api-v1:8080");
        Assert.Equal(ChangeKind.Changed, v1.Kind);
        Assert.Equal("weight", v1.Field);
        Assert.Equal("90", v1.Before);
        Assert.Equal("50", v1.After);
        Assert.Equal("httproute/store/api/rule/0/match/0", v1.Path[2]);
    }

    [Fact]
    public void Compute_OnlySourceDiffers_IsEmpty()
    {
        var diff = PlanDiff.Compute(SamplePlans.Store(source: "main@sha1:a"), SamplePlans.Store(source: "main@sha1:b"));

        Assert.True(diff.IsEmpty);
        Assert.Equal(diff.BeforeHash, diff.AfterHash);
    }

    [Fact]
    public void Compute_AddedEntry_IsOneAdditionNotAShiftedList()
    {
        var before = SamplePlans.Store();
        var host = before.Listeners[0].VirtualHosts[0];
        var extra = SamplePlans.Entry(100, 0, "httproute/store/web/rule/0/match/0");
        var after = before with
        {
            Listeners = [before.Listeners[0] with { VirtualHosts = [host with { Routes = [extra, .. host.Routes.Items] }] }],
        };

        var diff = PlanDiff.Compute(before, after);

        var change = Assert.Single(diff.Changes);
        Assert.Equal(ChangeKind.Added, change.Kind);
        Assert.Equal("httproute/store/web/rule/0/match/0", change.Id);
    }

    [Fact]
    public void Compute_RemovedVip_IsOneRemoval()
    {
        var before = SamplePlans.Store();
        var after = before with { Vips = default };

        var change = Assert.Single(PlanDiff.Compute(before, after).Changes);

        Assert.Equal(ChangeKind.Removed, change.Kind);
        Assert.Equal("vip/public", change.Id);
    }

    [Fact]
    public void Compute_NoPreviousPlan_AddsEverything()
    {
        var diff = PlanDiff.Compute(null, SamplePlans.Store());

        Assert.Null(diff.BeforeHash);
        Assert.Contains(diff.Changes, c => c.Kind == ChangeKind.Added && c.Id == "vip/public");
        Assert.Contains(diff.Changes, c => c.Kind == ChangeKind.Added && c.Id.StartsWith("gateway/", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_PrimitiveArrayChange_ReportsWholeArray()
    {
        var before = SamplePlans.Store();
        var after = before with { Vips = [before.Vips[0] with { Ports = [80, 443, 8443] }] };

        var change = Assert.Single(PlanDiff.Compute(before, after).Changes);

        Assert.Equal("ports", change.Field);
        Assert.Equal("[80,443]", change.Before);
        Assert.Equal("[80,443,8443]", change.After);
    }
}
