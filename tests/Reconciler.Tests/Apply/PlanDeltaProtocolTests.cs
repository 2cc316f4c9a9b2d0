using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// A long-polling node is sent the changes from the plan it holds when the control plane still has that plan, and
/// the whole plan otherwise; what it rebuilds is hash-checked, and on any mismatch it asks for the whole plan.
/// </summary>
public sealed class PlanDeltaProtocolTests
{
    // A watch that never yields would wait for ever: each test is bounded, and its token (Ct) ends at the bound.
    private const int Bound = 120_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = Bound)]
    public async Task Poll_NodeHoldsTheLastRevision_RebuildsTheNextFromADelta()
    {
        using var repo = Seed();
        await using var cp = await StartAsync(repo);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-a", ControlPlaneFixture.NodeToken, WaitSeconds: 5), TimeProvider.System);
        await using var watch = source.WatchAsync(Ct).GetAsyncEnumerator(Ct);
        Publish(cp, 100, Plan(40));
        Assert.True(await watch.MoveNextAsync());

        var next = Plan(41);
        Publish(cp, 101, next);
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(next, watch.Current.Plan);
        Assert.Equal(PlanJson.Hash(next), source.CurrentHash);
        Assert.Equal((1, 0), source.Deltas);

        // The node names and keeps the rebuilt plan by the bytes and hash the delta check produced: no second serialisation.
        Assert.Equal(PlanJson.Hash(next), watch.Current.Hash);
        Assert.Equal(PlanJson.ToCanonicalBytes(next), watch.Current.Canonical);
    }

    [Fact(Timeout = Bound)]
    public async Task Poll_NodeMissedMoreRevisionsThanAreKept_GetsTheWholePlan()
    {
        using var repo = Seed();
        await using var cp = await StartAsync(repo);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-a", ControlPlaneFixture.NodeToken, WaitSeconds: 5), TimeProvider.System);
        await using var watch = source.WatchAsync(Ct).GetAsyncEnumerator(Ct);
        Publish(cp, 100, Plan(40));
        Assert.True(await watch.MoveNextAsync());

        for (var i = 1; i <= PlanDeltas.MaxRevisions + 1; i++)
        {
            Publish(cp, 100 + i, Plan(40 + i));
        }

        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(Plan(41 + PlanDeltas.MaxRevisions), watch.Current.Plan);
        Assert.Equal((0, 0), source.Deltas);
    }

    [Fact(Timeout = Bound)]
    public async Task Poll_HeldPlanIsNotTheOneItsHashNames_DeltaRefusedAndTheWholePlanTaken()
    {
        using var repo = Seed();
        await using var cp = await StartAsync(repo);
        var dir = Directory.CreateTempSubdirectory("gg-delta-").FullName;
        var path = Path.Combine(dir, "last-good.json");
        var announced = Plan(40);
        Publish(cp, 100, announced);

        // The node's saved plan lost an entry but its hash file names the published plan: the delta cannot rebuild.
        await File.WriteAllBytesAsync(path, PlanJson.ToCanonicalBytes(Plan(39)), Ct);
        await File.WriteAllTextAsync(path + ".hash", PlanJson.Hash(announced), Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(cp.BaseUri, "edge-a", ControlPlaneFixture.NodeToken, path, 5), TimeProvider.System);
        await using var watch = source.WatchAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await watch.MoveNextAsync());
        var next = Plan(41);
        Publish(cp, 101, next);
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(next, watch.Current.Plan);
        Assert.Equal(PlanJson.Hash(next), source.CurrentHash);
        Assert.Equal((0, 1), source.Deltas);
        Directory.Delete(dir, true);
    }

    // Nothing is pushed, so the control plane publishes only what a test does (its poll is hourly).
    private static Task<ControlPlaneFixture> StartAsync(GitTestRepo repo) => ControlPlaneFixture.StartAsync(repo, [], Ct);

    private static void Publish(ControlPlaneFixture cp, long number, RoutingPlan plan) =>
        cp.Publisher.Publish(new PlanRevision(number, "c" + number, PlanJson.Hash(plan), plan, PlanJson.ToCanonicalBytes(plan)));

    private static RoutingPlan Plan(int routes) =>
        PlanOf(Host("store.example.com", [.. Enumerable.Range(0, routes).Select(i => Entry("store", "r" + i, "/r" + i, [("v1", 1)]))]));

    private static GitTestRepo Seed()
    {
        var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        repo.Commit("seed");
        return repo;
    }
}
