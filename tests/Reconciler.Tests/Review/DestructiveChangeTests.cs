using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class DestructiveChangeTests
{
    [Fact]
    public void Of_OneOfFiveRoutesRemoved_IsNotDestructiveAtTwentyPercent()
    {
        var change = DestructiveChange.Of(Routes(5), Routes(4), null, null);

        Assert.False(change.IsDestructive);
    }

    [Fact]
    public void Of_TwoOfFiveRoutesRemoved_NamesTheShareAndTheRoutes()
    {
        var change = DestructiveChange.Of(Routes(5), Routes(3), null, null);

        Assert.Contains("2 of 5 routes (40%, more than 20%) are removed: HTTPRoute/store/r3, HTTPRoute/store/r4", change.Reasons);
    }

    [Fact]
    public void Of_HeadWithNoRoute_IsDestructiveEvenWithoutABase()
    {
        Assert.Contains("the head renders no route: nothing would be served", DestructiveChange.Of(null, PlanOf(), null, null).Reasons);
        Assert.Contains("the head renders no route: all 2 route entries and 2 hostnames stop being served", DestructiveChange.Of(Routes(2), PlanOf(), null, null).Reasons);
    }

    [Fact]
    public void Of_VipWithdrawn_IsDestructive()
    {
        var before = Routes(3) with { Vips = new[] { Vip("10.200.0.100/32") }.ToEquatableArray() };
        var moved = Routes(3) with { Vips = new[] { Vip("10.200.0.101/32") }.ToEquatableArray() };

        var change = DestructiveChange.Of(before, moved, null, null);

        Assert.Equal(["VIP public-vip (10.200.0.100/32) is withdrawn: routers stop sending its traffic to the nodes"], change.Reasons);
        Assert.False(DestructiveChange.Of(before, before, null, null).IsDestructive);
    }

    [Fact]
    public void Of_HeadRaisesTheThreshold_TheLowerOfBaseAndHeadApplies()
    {
        var lenient = Layout("  destructiveRemovalPercent: 90\n");
        var strict = Layout("  destructiveRemovalPercent: 10\n");

        Assert.True(DestructiveChange.Of(Routes(5), Routes(3), Layout(""), lenient).IsDestructive);
        Assert.True(DestructiveChange.Of(Routes(10), Routes(8), strict, Layout("")).IsDestructive);
        Assert.False(DestructiveChange.Of(Routes(5), Routes(3), lenient, lenient).IsDestructive);
    }

    [Fact]
    public void Of_ManyTeamsOneRemoved_NamesItsLostHostsSortedOnce()
    {
        // 40 teams, three routes each on two hostnames of their own; b-team08 also serves shared.example.com with
        // a-team03, which stays: a hostname still served by another team is not lost.
        var teams = Enumerable.Range(0, 40).Select(i => $"{(char)('a' + (i % 3))}-team{i:00}").ToList();
        var before = PlanOf([.. teams.SelectMany(TeamHosts), Host("shared.example.com", Entry("b-team08", "shared", "/b", [("web", 1)]), Entry("a-team03", "shared", "/a", [("web", 1)]))]);
        var after = PlanOf([.. teams.Where(t => t is not "c-team05" and not "b-team08").SelectMany(TeamHosts), Host("shared.example.com", Entry("a-team03", "shared", "/a", [("web", 1)]))]);
        var baseLayout = TeamsLayout(teams);
        var headLayout = TeamsLayout([.. teams.Where(t => t != "c-team05")]);

        var change = DestructiveChange.Of(before, after, baseLayout, headLayout);

        Assert.Contains("team c-team05 is removed (teams/c-team05/): c-team05-0.example.com, c-team05-1.example.com stop being served", change.Reasons);
        Assert.Equal(change.Reasons, DestructiveChange.Of(before, after, KeyedEntry.Index(before), KeyedEntry.Index(after), baseLayout, headLayout).Reasons);
    }

    [Fact]
    public void Of_TeamKeepsItsFolderButLosesEveryRoute_NamesTheTeamAndItsLostHosts()
    {
        var teams = new[] { "payments", "store" };
        var before = PlanOf([.. teams.SelectMany(TeamHosts)]);
        var after = PlanOf([.. TeamHosts("store")]);
        var layout = TeamsLayout(teams);

        var change = DestructiveChange.Of(before, after, layout, layout);

        Assert.Equal(["team payments loses every route: payments-0.example.com, payments-1.example.com stop being served"], change.Reasons);
        Assert.False(DestructiveChange.Of(before, before, layout, layout).IsDestructive);
    }

    private static IEnumerable<VirtualHost> TeamHosts(string team) =>
    [
        Host($"{team}-1.example.com", Entry(team, "r0", "/", [("web", 1)]), Entry(team, "r1", "/x", [("web", 1)])),
        Host($"{team}-0.example.com", Entry(team, "r2", "/", [("web", 1)])),
    ];

    internal static RepoLayoutInfo TeamsLayout(IReadOnlyList<string> teams) => RepoLayout.Load([
        new SourceFile("gitgateway.yaml", System.Text.Encoding.UTF8.GetBytes("apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  teamsDir: teams\n  destructiveRemovalPercent: 100\n")),
        .. teams.Select(t => new SourceFile($"teams/{t}/team.yaml", System.Text.Encoding.UTF8.GetBytes($"apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {{name: {t}}}\nspec: {{owners: [\"@acme/{t}\"], namespaces: [{t}]}}\n"))),
    ]);

    private static RoutingPlan Routes(int count) =>
        PlanOf([.. Enumerable.Range(0, count).Select(i => Host($"h{i}.example.com", Entry("store", $"r{i}", "/", [("web", 1)])))]);

    private static GitGateway.Plan.Model.Vip Vip(string address) => new(
        "proxyvip/public-vip", "public-vip", new[] { address }.ToEquatableArray(), "ipv4", "BGP", new[] { 80 }.ToEquatableArray(),
        default, default, null, null, new SourceMark("platform/vips/public-vip.yaml", 1, 1));

    private static RepoLayoutInfo Layout(string spec) => RepoLayout.Load([
        new SourceFile("gitgateway.yaml", System.Text.Encoding.UTF8.GetBytes("apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  teamsDir: teams\n" + spec)),
    ]);
}
