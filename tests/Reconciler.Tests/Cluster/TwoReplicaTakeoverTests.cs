using System.Diagnostics;
using System.Security.Cryptography;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// Two whole control planes as deploy/ runs them: each its own state directory (a StatefulSet's volume per replica),
/// one Lease in the API emulator, one fake GitHub. The leader applies a revision and dies; the other takes over from
/// the state the leader copied into the cluster: it serves the same revision without applying it again or writing
/// its check again, and applies the next commit once, reported once. It keeps the kill switch, completes the check
/// run the leader left in progress for a held commit instead of opening a second, and does not review again a pull
/// request the leader reviewed, whose full review it builds again so the comment's link answers.
/// </summary>
public sealed class TwoReplicaTakeoverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeaderAppliesAndDies_FollowerTakesOverWithin15s_ServesTheRevisionWithoutReapplying_NextCommitAppliedAndReportedOnce()
    {
        await using var replicas = await Replicas.StartLeaderAsync();
        var (repo, github, a, first) = (replicas.Repo, replicas.GitHub, replicas.A, replicas.First);
        var applied = Runtime(a).Publisher.Current!;
        var b = await replicas.StartFollowerAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), Token); // b is a follower now: it writes nothing

        await a.StopAsync(Token); // without releasing the Lease: b waits it out
        var stopped = Stopwatch.StartNew();
        await Until(() => Runtime(b).Worker.Completed >= 1, TimeSpan.FromSeconds(30));
        var tookOver = stopped.Elapsed;
        var served = Runtime(b).Publisher.Current;

        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var second = repo.Commit("search adds a route");
        Runtime(b).Queue.Enqueue(new ReconcileRequest("test push"));
        await Until(() => Checks(github, second) >= 1, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2), Token); // room for a duplicate write, were there one

        Assert.True(tookOver < TimeSpan.FromSeconds(15), $"took over after {tookOver.TotalSeconds:F1} s");
        Assert.Equal((applied.Number, applied.Commit, applied.PlanHash), (served?.Number, served?.Commit, served?.PlanHash));
        Assert.Equal(1, Checks(github, first));
        Assert.Equal(1, Checks(github, second));
        Assert.Equal((applied.Number + 1, second), (Runtime(b).Publisher.Current!.Number, Runtime(b).Publisher.Current!.Commit));
    }

    [Fact]
    public async Task LeaderPausedAndDies_FollowerTakesOver_NewCommitHeldWithPausedCheck_ResumeOnFollowerAppliesIt()
    {
        await using var replicas = await Replicas.StartLeaderAsync();
        var (repo, github, a) = (replicas.Repo, replicas.GitHub, replicas.A);
        var applied = Runtime(a).Publisher.Current!;
        await Runtime(a).Apply.Pause.PauseAsync("incident 42", github.Clock.GetUtcNow(), Token);
        var b = await replicas.StartFollowerAsync();
        await a.StopAsync(Token);
        await Until(() => Runtime(b).Worker.Completed >= 1, TimeSpan.FromSeconds(30));
        var pausedAfterTakeover = Runtime(b).Apply.Pause.Record?.Reason;

        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var second = repo.Commit("search adds a route");
        Runtime(b).Queue.Enqueue(new ReconcileRequest("test push"));
        var pausedTitle = ApplyCheckText.Paused(second, new PauseRecord("", default)).Title;
        await Until(() => Check(github, second)?.Title == pausedTitle, TimeSpan.FromSeconds(60));
        var heldAt = Runtime(b).Publisher.Current!.Commit;

        await Runtime(b).Apply.Pause.ResumeAsync(Token);
        Runtime(b).Queue.Enqueue(new ReconcileRequest("resume"));
        await Until(() => Runtime(b).Publisher.Current!.Commit == second && Check(github, second)?.Title != pausedTitle, TimeSpan.FromSeconds(60));

        Assert.Equal("incident 42", pausedAfterTakeover);
        Assert.Equal(applied.Commit, heldAt);
        Assert.Equal(applied.Number + 1, Runtime(b).Publisher.Current!.Number);
    }

    [Fact]
    public async Task CommitHeldByPausedLeader_LeaderDies_FollowerResumes_CompletesTheSameCheckRun()
    {
        await using var replicas = await Replicas.StartLeaderAsync();
        var (repo, github, a) = (replicas.Repo, replicas.GitHub, replicas.A);
        await Runtime(a).Apply.Pause.PauseAsync("incident 43", github.Clock.GetUtcNow(), Token);
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var second = repo.Commit("search adds a route");
        Runtime(a).Queue.Enqueue(new ReconcileRequest("test push"));
        var pausedTitle = ApplyCheckText.Paused(second, new PauseRecord("", default)).Title;
        await Until(() => Check(github, second)?.Title == pausedTitle && Copy(replicas.Api, ReviewedCopy.HeldChecksKey)?.Contains(second, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60));
        var held = Check(github, second)!.Id;
        var b = await replicas.StartFollowerAsync();
        await a.StopAsync(Token);
        await Until(() => Runtime(b).Worker.Completed >= 1, TimeSpan.FromSeconds(30));

        await Runtime(b).Apply.Pause.ResumeAsync(Token);
        Runtime(b).Queue.Enqueue(new ReconcileRequest("resume"));
        await Until(() => Runtime(b).Publisher.Current!.Commit == second && Check(github, second)?.Title != pausedTitle, TimeSpan.FromSeconds(60));
        await Until(() => Copy(replicas.Api, ReviewedCopy.HeldChecksKey) == "[]", TimeSpan.FromSeconds(30)); // completed, so no longer held

        Assert.Equal(1, Checks(github, second));
        Assert.Equal(held, Check(github, second)!.Id);
        Assert.NotNull(Check(github, second)!.Conclusion);
    }

    [Fact]
    public async Task PullRequestReviewedByLeader_LeaderDies_FollowerTakesOverWithoutASecondCommentOrCheck_ItsFullReviewLinkStillAnswers()
    {
        await using var replicas = await Replicas.StartLeaderAsync();
        var (repo, github, a) = (replicas.Repo, replicas.GitHub, replicas.A);
        repo.Checkout("feature", create: true);
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var head = repo.Commit("search adds a route");
        github.OpenPullRequest(1, "feature", head, "main", replicas.First);
        Runtime(a).Queue.Enqueue(new ReconcileRequest("pull request opened", ApplyTarget: false));
        await Until(() => PlanChecks(github, head) == 1 && github.Comments.GetValueOrDefault(1)?.Count == 1 && Copied(replicas.Api, ReviewedCopy.HeadsKey), TimeSpan.FromSeconds(60));
        await Until(() => Copy(replicas.Api, ClusterStateCopy.OutboxKey) == "[]", TimeSpan.FromSeconds(30)); // the writes sent are not sent again
        var edits = github.Comments[1][0].Edits;
        var link = new Uri(github.CheckRuns.ToArray().Last(r => r.Name == "gitgateway/plan" && r.HeadSha == head).DetailsUrl!);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var fromLeader = await http.GetStringAsync(link, Token);
        var b = await replicas.StartFollowerAsync();

        await a.StopAsync(Token);
        var before = github.Requests.Count;
        await Until(() => Runtime(b).Worker.Completed >= 1, TimeSpan.FromSeconds(30)); // its first pass reviews every open pull request
        await Task.Delay(TimeSpan.FromSeconds(2), Token); // room for a duplicate write, were there one
        var afterTakeover = github.Requests.Skip(before).ToList();
        var successor = Runtime(b).Settings.PublicUrl!;
        using var fromSuccessor = await http.GetAsync(new Uri(successor, link.PathAndQuery), Token); // the link the comment carries, at the new leader
        var leaderBase = new Uri(link.GetLeftPart(UriPartial.Authority)).ToString();

        Assert.Contains(afterTakeover, r => r.StartsWith("GET ", StringComparison.Ordinal) && r.EndsWith("/pulls", StringComparison.Ordinal)); // b did look
        Assert.DoesNotContain(afterTakeover, r => !r.StartsWith("GET ", StringComparison.Ordinal) && !r.EndsWith("/access_tokens", StringComparison.Ordinal));
        Assert.Equal(1, PlanChecks(github, head));
        Assert.Equal(edits, Assert.Single(github.Comments[1]).Edits);
        Assert.Equal(head, Runtime(b).Review!.Reviewed[1].Head);
        Assert.Equal(System.Net.HttpStatusCode.OK, fromSuccessor.StatusCode); // built again from Git, not 404
        Assert.Equal(fromLeader, (await fromSuccessor.Content.ReadAsStringAsync(Token)).Replace(successor.ToString(), leaderBase, StringComparison.Ordinal));
    }

    private static bool Copied(ApiEmulator api, string key) => Copy(api, key) is not null;

    /// <summary>A binaryData key of the state copy, unpacked, or null.</summary>
    private static string? Copy(ApiEmulator api, string key)
    {
        var map = api.Store.Get(KubeKind.ConfigMap, "gitgateway", ClusterStateCopy.NameFor(LeaseElectionOptions.DefaultName, ControlPlaneSettings.DefaultName));
        return map?["binaryData"]?[key]?.GetValue<string>() is { } base64
            ? System.Text.Encoding.UTF8.GetString(ClusterStateCopy.Gunzip(Convert.FromBase64String(base64)))
            : null;
    }

    private static int PlanChecks(GitHubEmulator github, string sha) => github.CheckRuns.ToArray().Count(r => r.Name == "gitgateway/plan" && r.HeadSha == sha);

    private static EmulatedCheckRun? Check(GitHubEmulator github, string sha) => github.CheckRuns.ToArray().LastOrDefault(r => r.Name == ApplyCheckText.Name && r.HeadSha == sha);

    private static int Checks(GitHubEmulator github, string sha) => github.CheckRuns.ToArray().Count(r => r.Name == ApplyCheckText.Name && r.HeadSha == sha);

    private static RepositoryRuntime Runtime(WebApplication app) => app.Services.GetRequiredService<RepositoryRegistry>().Default;

    /// <summary>The seeded repository, the API emulator, the fake GitHub, replica A (the leader, its first commit applied) and replica B once started; disposed in reverse.</summary>
    private sealed class Replicas : IAsyncDisposable
    {
        private readonly RSA _key = RSA.Create(2048);
        private WebApplication? _b;

        private Replicas(GitTestRepo repo, ApiEmulator api, GitHubEmulator github)
        {
            (Repo, Api, GitHub) = (repo, api, github);
            First = repo.Commit("seed from examples/repo-layout");
        }

        public GitTestRepo Repo { get; }

        public ApiEmulator Api { get; }

        public GitHubEmulator GitHub { get; }

        public string First { get; }

        public WebApplication A { get; private set; } = null!;

        public static async Task<Replicas> StartLeaderAsync()
        {
            var repo = GitTestRepo.Create();
            ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
            var replicas = new Replicas(repo, await ApiEmulator.StartAsync(TimeSpan.Zero, Token), await GitHubEmulator.StartAsync());
            try
            {
                replicas.GitHub.Clock = ControlPlaneFixture.WeekdayNoon();
                replicas.A = await StartAsync(repo, replicas.Api, replicas.GitHub, replicas._key, "replica-a");
                await Until(() => Runtime(replicas.A).Worker.Completed >= 1 && Checks(replicas.GitHub, replicas.First) == 1, TimeSpan.FromSeconds(60));
                return replicas;
            }
            catch
            {
                await replicas.DisposeAsync();
                throw;
            }
        }

        public async Task<WebApplication> StartFollowerAsync() => _b = await StartAsync(Repo, Api, GitHub, _key, "replica-b");

        public async ValueTask DisposeAsync()
        {
            if (_b is not null)
            {
                await _b.StopAsync(CancellationToken.None);
                await _b.DisposeAsync();
            }

            if (A is not null)
            {
                await A.DisposeAsync();
            }

            await GitHub.DisposeAsync();
            await Api.DisposeAsync();
            _key.Dispose();
            Repo.Dispose();
        }
    }

    private static async Task<WebApplication> StartAsync(GitTestRepo repo, ApiEmulator api, GitHubEmulator github, RSA key, string identity)
    {
        var port = Ports.FreeTcp();
        var single = ControlPlaneSettings.Single(
            repo.Bare, Path.Combine(repo.Root, identity), "main", $"http://127.0.0.1:{port}", "node-token", GitCredentials.None,
            TimeSpan.FromSeconds(20), TimeSpan.FromHours(1), TimeSpan.FromSeconds(1), [],
            new GitHubSettings(github.BaseUri, "acme/routing", null, "4242", 77, key.ExportPkcs8PrivateKeyPem()), "webhook-secret", allowFileUrls: true);
        var settings = single with { Election = (api.Address.ToString().TrimEnd('/'), new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, identity)) };
        var app = ControlPlaneHost.Build(settings, ControlPlaneFixture.WeekdayNoon(), l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(Token);
        return app;
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
