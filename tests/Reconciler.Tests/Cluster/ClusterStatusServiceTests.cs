using System.Diagnostics;
using System.Text.Json.Nodes;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// The service a leader runs: a real Git mirror of examples/repo-layout, a published revision, the API emulator
/// driven by the official client. Objects appear; drift and deletions by someone else are put back from the watch,
/// not the resync (which is set far away).
/// </summary>
public sealed class ClusterStatusServiceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppliedRevision_DriftedAndDeletedObjects_ArePutBackWithinSeconds()
    {
        using var repo = GitTestRepo.Create();
        var example = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        foreach (var file in Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories))
        {
            repo.Write(Path.GetRelativePath(example, file), File.ReadAllText(file));
        }

        var commit = repo.Commit("routing");
        var mirror = new GitMirror(repo.Bare, Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Token);
        var plan = PlanRenderer.Render(new RenderInput((await mirror.ReadAsync(commit, Token)).Files, $"main@sha1:{commit}")).Plan;
        var publisher = new PlanPublisher(TimeProvider.System);
        publisher.Publish(new PlanRevision(1, commit, PlanJson.Hash(plan), plan, PlanJson.ToCanonicalBytes(plan)));

        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var options = new ClusterStatusOptions("unused", new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
        using var service = new ClusterStatusService(client, options, "routing", "main", mirror, publisher, TimeProvider.System, NullLogger<ClusterStatusService>.Instance);
        await service.StartAsync(Token);
        try
        {
            await Until(() => api.Store.Get(KubeKind.GrpcRoute, "payments", "payments-grpc")?["status"] is not null, TimeSpan.FromSeconds(30));
            await Until(() => api.Store.OpenWatches >= 7, TimeSpan.FromSeconds(10));

            var drifted = api.Store.Get(KubeKind.HttpRoute, "payments", "payments-api")!;
            drifted["spec"]!["hostnames"] = new JsonArray("evil.example.com");
            api.Store.Put(KubeKind.HttpRoute, "payments", drifted);
            api.Store.Delete(KubeKind.Gateway, "gateway-system", "public");
            var repaired = Stopwatch.StartNew();
            await Until(
                () => api.Store.Get(KubeKind.HttpRoute, "payments", "payments-api")?["spec"]?["hostnames"]?[0]?.GetValue<string>() != "evil.example.com"
                    && api.Store.Get(KubeKind.Gateway, "gateway-system", "public")?["status"]?["addresses"] is not null,
                TimeSpan.FromSeconds(10));

            Assert.True(repaired.Elapsed < TimeSpan.FromSeconds(5), $"repaired after {repaired.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(commit, service.SyncedCommit);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TeamIsolatedCommit_KeptTeamsObjectsStayWithAConditionSayingWhy_OtherTeamsChangesWritten()
    {
        using var repo = GitTestRepo.Create();
        EndToEnd.ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var good = repo.Commit("routing");
        var broken = File.ReadAllText(Path.Combine(repo.Work, "teams/payments/routes/payments-api.yaml")).Replace("rules:", "rules: [", StringComparison.Ordinal);
        repo.Write("teams/payments/routes/payments-api.yaml", broken);
        repo.Write("teams/search/routes/search-e2e.yaml", EndToEnd.TeamIsolationTests.SearchRoute);
        var head = repo.Commit("payments breaks its route while search adds one");
        var mirror = new GitMirror(repo.Bare, Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Token);

        // What the apply does: payments is refused and its folder of the good commit kept; search's change goes on.
        var files = (await mirror.ReadAsync(head, Token)).Files;
        var rendered = PlanRenderer.Render(new RenderInput(files, $"main@sha1:{head}"));
        var isolated = await TeamIsolation.RenderAsync(async (c, ct) => (await mirror.ReadAsync(c, ct)).Files, PlanRenderer.Render, new RenderInput(files, $"main@sha1:{head}"), rendered, new Dictionary<string, string>(), good, Token);
        Assert.NotNull(isolated);
        var refused = Assert.Single(isolated.Refused);
        var plan = isolated.Result.Plan;
        var publisher = new PlanPublisher(TimeProvider.System);
        publisher.Publish(new PlanRevision(2, head, PlanJson.Hash(plan), plan, PlanJson.ToCanonicalBytes(plan)));
        var kept = new Dictionary<string, string> { [refused.Folder] = refused.KeptFrom };
        var errors = new Dictionary<string, string> { [refused.Folder] = refused.Errors[0].ToString() };

        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var options = new ClusterStatusOptions("unused", new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
        using var service = new ClusterStatusService(client, options, "routing", "main", mirror, publisher, TimeProvider.System, NullLogger<ClusterStatusService>.Instance, () => (head, kept, errors));
        await service.StartAsync(Token);
        try
        {
            await Until(() => service.SyncedCommit == head, TimeSpan.FromSeconds(30)); // a whole pass: objects, then statuses
            var payments = api.Store.Get(KubeKind.HttpRoute, "payments", "payments-api")!;
            var search = api.Store.Get(KubeKind.HttpRoute, "search", "search-e2e")!;
            var conditions = payments["status"]!["parents"]!.AsArray().SelectMany(p => p!["conditions"]!.AsArray()).ToList();
            var why = Assert.Single(conditions, c => c!["type"]!.GetValue<string>() == KeptTeamObjects.ConditionType)!;

            Assert.Equal("teams/payments/", refused.Folder);
            Assert.Equal(good, payments["metadata"]!["annotations"]![KeptTeamObjects.KeptFromAnnotation]!.GetValue<string>());
            Assert.Equal(("False", "TeamRefused"), (why["status"]!.GetValue<string>(), why["reason"]!.GetValue<string>()));
            Assert.Contains(": " + refused.Errors[0].ToString(), why["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "Accepted" && c["status"]!.GetValue<string>() == "True"); // the kept route still serves
            Assert.DoesNotContain(search["status"]!["parents"]!.AsArray().SelectMany(p => p!["conditions"]!.AsArray()), c => c!["type"]!.GetValue<string>() == KeptTeamObjects.ConditionType);
            Assert.Null(search["metadata"]!["annotations"]![KeptTeamObjects.KeptFromAnnotation]);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"not within {timeout.TotalSeconds} s");
            await Task.Delay(50, Token);
        }
    }
}
