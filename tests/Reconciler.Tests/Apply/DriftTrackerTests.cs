using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>Drift (issue 15, point 3): what a node serves and advertises against the revision it should serve.</summary>
public sealed class DriftTrackerTests
{
    private readonly OffsetTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Evaluate_NodeMissedThePlan_DriftsAndIsBehindSinceItFirstDiffered_RepairedClears()
    {
        var publisher = new PlanPublisher(_time);
        publisher.Publish(Revision(1, "sha256:one"));
        publisher.Report(Status("edge-a", "sha256:one"));
        publisher.Report(Status("edge-b", "sha256:one"));
        Assert.Empty(publisher.Drift.Evaluate(publisher));

        publisher.Publish(Revision(2, "sha256:two"));
        publisher.Report(Status("edge-a", "sha256:two"));
        var first = Assert.Single(publisher.Drift.Evaluate(publisher));
        _time.Advance(TimeSpan.FromSeconds(8)); // within the reporting bound: edge-a is not silent yet
        var later = Assert.Single(publisher.Drift.Evaluate(publisher));

        Assert.Equal("edge-b", first.Node);
        Assert.Contains("serves plan one, not revision 2 (two)", first.Differences);
        Assert.Equal(first.Since, later.Since);
        Assert.InRange(later.BehindSeconds, 7.9, 9);

        publisher.Report(Status("edge-a", "sha256:two"));
        publisher.Report(Status("edge-b", "sha256:two"));
        Assert.Empty(publisher.Drift.Evaluate(publisher));
    }

    [Fact]
    public void Evaluate_SpeakerWithdrewAVipAndLostAPeer_BothDifferencesNamed()
    {
        var publisher = new PlanPublisher(_time);
        publisher.Publish(Revision(1, "sha256:one", Vip("web", []), Vip("edge-only", ["edge=true"])));
        publisher.Report(Status("edge-a", "sha256:one") with
        {
            VipServing = [],
            Peers = [new PeerReport("127.0.0.1:179", 64500, "Active", 0, 0, 0, "connection refused")],
        });

        var drift = Assert.Single(publisher.Drift.Evaluate(publisher));

        Assert.Equal(["BGP peer 127.0.0.1:179 is Active", "vip/web (10.200.0.100/32) is not announced"], drift.Differences);
        Assert.Equal(0, drift.BehindSeconds);
    }

    [Fact]
    public void Evaluate_NodeStoppedReporting_SilentAfterTheBound()
    {
        var publisher = new PlanPublisher(_time);
        publisher.Publish(Revision(1, "sha256:one"));
        publisher.Report(Status("edge-a", "sha256:one"));
        _time.Advance(TimeSpan.FromSeconds(11));

        var drift = Assert.Single(publisher.Drift.Evaluate(publisher));

        var silent = Assert.Single(drift.Differences);
        Assert.StartsWith("silent since 2026-11-18 12:00:0", silent, StringComparison.Ordinal);
        Assert.True(drift.Silent);
    }

    [Fact]
    public void Evaluate_PeerEstablishedButNotSentTheVip_DriftNamesThePeerAndThePrefix()
    {
        var publisher = new PlanPublisher(_time);
        publisher.Publish(Revision(1, "sha256:one", Vip("web", [])));
        publisher.Report(Status("edge-a", "sha256:one") with
        {
            VipServing = ["vip/web"],
            Peers = [new PeerReport("127.0.0.1:179", 64500, "Established", 30, 0, 0, null) { Advertised = [] }],
        });

        var drift = Assert.Single(publisher.Drift.Evaluate(publisher));

        Assert.Equal(["BGP peer 127.0.0.1:179 was not sent 10.200.0.100/32 (vip/web)"], drift.Differences);
        Assert.False(drift.Behind);
    }

    [Fact]
    public void Evaluate_PeerSentAPrefixNoVipGivesIt_DriftNamesTheExtraPrefix_MatchingPeerIsClean()
    {
        var publisher = new PlanPublisher(_time);
        publisher.Publish(Revision(1, "sha256:one", Vip("web", [])));
        publisher.Report(Status("edge-a", "sha256:one") with
        {
            VipServing = ["vip/web"],
            Peers = [new PeerReport("127.0.0.1:179", 64500, "Established", 30, 2, 0, null) { Advertised = ["10.200.0.100/32", "10.9.9.9/32"] }],
        });
        publisher.Report(Status("edge-b", "sha256:one") with
        {
            VipServing = ["vip/web"],
            Peers = [new PeerReport("127.0.0.1:179", 64500, "Established", 30, 1, 0, null) { Advertised = ["10.200.0.100/32"] }],
        });

        var drift = Assert.Single(publisher.Drift.Evaluate(publisher));

        Assert.Equal("edge-a", drift.Node);
        Assert.Equal(["BGP peer 127.0.0.1:179 was sent 10.9.9.9/32, which no VIP of the plan announces to it"], drift.Differences);
    }

    private NodeStatus Status(string node, string hash) =>
        new(node, hash, true, null, true, _time.GetUtcNow()) { Serving = hash, ReportedAt = _time.GetUtcNow() };

    private static PlanRevision Revision(long number, string hash, params PlanVip[] vips) =>
        new(number, "c" + number, hash, RoutingPlan.Empty("main@sha1:c" + number) with { Vips = [.. vips] }, []);

    private static PlanVip Vip(string name, string[] nodeSelector) => new(
        "vip/" + name,
        name,
        ["10.200.0.100/32"],
        "ipv4",
        "BGP",
        [80],
        [.. nodeSelector],
        default,
        new BgpSettings(64501, "10.0.0.1", 9, [], [], null, null, [new BgpPeer("peer/127.0.0.1", "127.0.0.1", 64500, 179, null, null, null)], null),
        null,
        new SourceMark("platform/vips/" + name + ".yaml", 1, 1));
}
