using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Apply;

public sealed class NodeProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_ControlPlaneAway_YieldsTheLastGoodPlanFromDiskAndKeepsRetrying()
    {
        var dir = Directory.CreateTempSubdirectory("gg-node-").FullName;
        var plan = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)])));
        var path = Path.Combine(dir, "last-good.json");
        await File.WriteAllBytesAsync(path, PlanJson.ToCanonicalBytes(plan), Ct);
        await File.WriteAllTextAsync(path + ".hash", "sha256:saved", Ct);
        using var http = new HttpClient();
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(new Uri($"http://127.0.0.1:{Fixtures.Ports.FreeTcp()}/"), "n1", "t", path, 1), TimeProvider.System);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = source.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(plan, watch.Current.Plan);
        Assert.Equal("sha256:saved", source.CurrentHash);
        Assert.Null(watch.Current.Hash); // the saved hash is not of the saved bytes: the node hashes the plan itself
        var next = watch.MoveNextAsync().AsTask();
        await Eventually.HoldsAsync(() => source.ConsecutiveFailures >= 2, "retries with backoff", 10_000);
        Assert.False(next.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await watch.DisposeAsync();
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task WaitForAnswers_OneNack_CheckNamesTheNodeAndItsError()
    {
        var publisher = new PlanPublisher(TimeProvider.System);
        publisher.Report(new NodeStatus("a", "h1", true, null, true, DateTimeOffset.UtcNow));
        publisher.Report(new NodeStatus("b", "h1", false, "port 443 is in use", false, DateTimeOffset.UtcNow));

        var answers = await publisher.WaitForAnswersAsync("h1", ["a", "b"], TimeSpan.FromSeconds(5), Ct);
        var check = ApplyCheckText.Answers("c1", 3, "h1", ["a", "b"], answers, TimeSpan.FromMilliseconds(400));

        Assert.Equal(CheckOutcome.Failure, check.Outcome);
        Assert.Equal("applied to 1/2 nodes; b refused: port 443 is in use", check.Title);
    }

    [Fact]
    public async Task WaitForAnswers_NodeSilent_ReportsItDidNotAnswer()
    {
        var publisher = new PlanPublisher(TimeProvider.System);
        publisher.Report(new NodeStatus("a", "h1", true, null, true, DateTimeOffset.UtcNow));

        var answers = await publisher.WaitForAnswersAsync("h1", ["a", "b"], TimeSpan.FromMilliseconds(200), Ct);
        var check = ApplyCheckText.Answers("c1", 3, "h1", ["a", "b"], answers, TimeSpan.FromMilliseconds(200));

        Assert.Equal("applied to 1/2 nodes; b did not answer", check.Title);
    }
}
