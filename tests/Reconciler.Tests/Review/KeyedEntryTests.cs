using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class KeyedEntryTests
{
    private static readonly (string, int)[] Canary = [("store-v1", 90), ("store-v2", 10)];

    [Fact]
    public void RoutesAs_IdAndSourceMarksMoved_SameRouting()
    {
        var entry = Entry("store", "api", "/api", Canary, policies: [Jwt("store")]);
        var moved = entry with
        {
            Id = "httproute/store/api/rule/1/match/0",
            Source = new SourceMark("teams/store/routes/api.yaml", 40, 3),
            Policies = [entry.Policies[0] with { Source = new SourceMark("teams/store/policies/jwt.yaml", 9, 1) }],
        };

        Assert.True(One(entry).RoutesAs(One(moved)));
        Assert.Equal(One(entry).Target, One(moved).Target);
    }

    [Fact]
    public void RoutesAs_WeightOrPolicyChanged_Differs()
    {
        var entry = Entry("store", "api", "/api", Canary, policies: [Jwt("store")]);

        Assert.False(One(entry).RoutesAs(One(Entry("store", "api", "/api", [("store-v1", 80), ("store-v2", 20)], policies: [Jwt("store")]))));
        Assert.False(One(entry).RoutesAs(One(entry with { Policies = [entry.Policies[0] with { Enforced = true }] })));
        Assert.Equal("store-v1 90%, store-v2 10%", One(entry).Target);
    }

    [Fact]
    public void RoutesAs_L4RouteMovedInItsFile_SameRouting_AndNotAsAnHttpEntry()
    {
        var route = new L4Route("tcproute/db/pg", new ObjectRef("TCPRoute", "db", "pg"), [], [Backend("db", "pg", 1)], new SourceMark("teams/db/routes/pg.yaml", 3, 1));
        var moved = route with { Id = "tcproute/db/pg/1", Source = route.Source with { Line = 30 } };

        Assert.True(L4(route).RoutesAs(L4(moved)));
        Assert.False(L4(route).RoutesAs(One(Entry("db", "pg", "/", Canary))));
        Assert.Equal("pg 100%", L4(route).Target);
    }

    private static KeyedEntry One(RouteEntry entry) => Assert.Single(KeyedEntry.Index(PlanOf(Host("store.example.com", entry))).Values);

    private static KeyedEntry L4(L4Route route) =>
        Assert.Single(KeyedEntry.Index(PlanOf() with { Listeners = [Listener() with { L4Routes = [route] }] }).Values);
}
