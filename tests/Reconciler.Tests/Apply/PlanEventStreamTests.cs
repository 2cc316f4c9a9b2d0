using System.Net.Http.Headers;
using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>The node subscription as server-sent events (<c>Accept: text/event-stream</c>), keyed by plan hash.</summary>
public sealed class PlanEventStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_AcceptEventStream_SendsTheCurrentPlanThenEachNewOneWithItsHashAsId()
    {
        using var repo = ExampleRepository();
        await using var cp = await PublishedAsync(repo);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        await using var stream = await OpenAsync(http, new Uri(cp.BaseUri, "v1/repos/default/plan?node=sse-1&wait=1"), null, timeout.Token);
        var first = await stream.NextEventAsync(timeout.Token);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var change = repo.Commit("add /e2e");
        await cp.PushAsync("main", change);
        var second = await stream.NextEventAsync(timeout.Token);

        Assert.Equal(("plan", cp.Publisher.Current!.PlanHash), (second.Event, second.Id));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Id, PlanJson.Hash(PlanJson.Parse(first.Data)));
        Assert.Contains(PlanJson.Parse(second.Data).Listeners.SelectMany(l => l.VirtualHosts).SelectMany(h => h.Routes), r => r.Id.StartsWith("httproute/store/store-e2e/", StringComparison.Ordinal));
        Assert.Contains(cp.Publisher.Nodes.Keys, n => n == "sse-1");
    }

    [Fact]
    public async Task Plan_EventStreamWithLastEventIdOfTheCurrentPlan_SendsOnlyKeepAlivesUntilItChanges()
    {
        using var repo = ExampleRepository();
        await using var cp = await PublishedAsync(repo);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        await using var stream = await OpenAsync(http, new Uri(cp.BaseUri, "v1/plan?node=sse-2&wait=1"), cp.Publisher.Current!.PlanHash, timeout.Token);
        var reading = stream.NextEventAsync(timeout.Token);
        await Eventually.HoldsAsync(() => stream.Comments >= 2, "two keep-alive comments", 20_000);
        Assert.False(reading.IsCompleted);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        await cp.PushAsync("main", repo.Commit("add /e2e"));
        var next = await reading;

        Assert.Equal(cp.Publisher.Current!.PlanHash, next.Id);
        Assert.Equal(1, stream.Events);
    }

    [Fact]
    public async Task ProxyNode_SubscribedByEvents_ServesEachMergeAndAcknowledgesIt()
    {
        using var repo = ExampleRepository();
        var seed = repo.Head();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["events-1"], Ct);
        var plan = GitGateway.Renderer.Rendering.PlanRenderer.Render(new(GitGateway.Renderer.Rendering.SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await GitGateway.Reconciler.Demo.LocalEchoBackends.StartAsync([plan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "events-1", plan, backends, Path.Combine(repo.Root, "node"), Ct, events: true);

        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == seed && r.Title?.StartsWith("applied to 1/1", StringComparison.Ordinal) == true), "the seed applied to the node");
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var change = repo.Commit("add /e2e");
        await cp.PushAsync("main", change);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == change && r.Title?.StartsWith("applied to 1/1", StringComparison.Ordinal) == true), "the change applied to the node");

        Assert.Equal("store/store-api-v2:8080", await node.BackendForAsync("store.example.com", "/e2e"));
        Assert.Equal(cp.Publisher.Current!.PlanHash, cp.Publisher.Nodes["events-1"].PlanHash);
    }

    private static GitTestRepo ExampleRepository()
    {
        var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(Fixtures.RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        repo.Commit("seed");
        return repo;
    }

    /// <summary>A control plane with no configured nodes that has published the repository's head.</summary>
    private static async Task<ControlPlaneFixture> PublishedAsync(GitTestRepo repo)
    {
        var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        var seed = repo.Head();
        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.Publisher.Current?.Commit == seed, "the seed is published");
        return cp;
    }

    private static async Task<EventStreamReader> OpenAsync(HttpClient http, Uri uri, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(request, response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }
}
