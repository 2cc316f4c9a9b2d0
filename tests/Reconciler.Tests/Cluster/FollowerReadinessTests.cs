using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.Source;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// Two whole control planes compete for one Lease in the API emulator: only the leader is ready, so the Service
/// sends nodes and webhooks to it alone; the follower answers 503 saying it follows and who leads, and is ready
/// once it has taken over. The kill switch is the leader's: a follower refuses pause and resume, naming the leader.
/// </summary>
public sealed class FollowerReadinessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaderIsReady_TheFollowerNamesItAndTakesOver()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("empty");
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await using var replicas = await Replicas.StartAsync(repo, api, http);
        var (a, aUrl, _, bUrl) = (replicas.A, replicas.AUrl, replicas.B, replicas.BUrl);
        var leader = await ReadyAsync(http, aUrl);
        var follower = await ReadyAsync(http, bUrl);

        await a.StopAsync(Token); // the leader goes away without releasing: the follower waits the lease out
        var stopped = Stopwatch.StartNew();
        await Until(async () => (await ReadyAsync(http, bUrl)).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        var takenOver = await ReadyAsync(http, bUrl);

        Assert.Equal((HttpStatusCode.OK, "leader", "replica-a"), (leader.Code, leader.Body.GetProperty("role").GetString(), leader.Body.GetProperty("identity").GetString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, follower.Code);
        Assert.Equal(("follower", "replica-b", "replica-a"), (follower.Body.GetProperty("role").GetString(), follower.Body.GetProperty("identity").GetString(), follower.Body.GetProperty("leader").GetString()));
        Assert.Equal("leader", takenOver.Body.GetProperty("role").GetString());
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(15), $"ready after {stopped.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task PausedAtTheLeader_ResumePauseOrRefreshSentToTheFollower_RefusedNamingTheLeader_PauseSurvivesTheTakeover()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("empty");
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await using var replicas = await Replicas.StartAsync(repo, api, http);
        var (a, aUrl, b, bUrl) = (replicas.A, replicas.AUrl, replicas.B, replicas.BUrl);
        var paused = await PostAsync(http, aUrl, "v1/pause?reason=incident%2042");
        var resume = await PostAsync(http, bUrl, "v1/resume");
        var pause = await PostAsync(http, bUrl, "v1/repos/default/pause?reason=from%20the%20follower");
        var refresh = await PostAsync(http, bUrl, "v1/refresh");
        var followerPaused = Runtime(b).Apply.Pause.Record?.Reason;

        await a.StopAsync(Token); // the leader goes away: the follower takes over with the leader's switch
        await Until(async () => (await ReadyAsync(http, bUrl)).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await Until(() => Task.FromResult(Runtime(b).Worker.Completed >= 1), TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, paused.Code);
        Assert.Equal(HttpStatusCode.Conflict, resume.Code);
        Assert.Equal(("refused", "follower", "replica-b", "replica-a"), (resume.Body.GetProperty("status").GetString(), resume.Body.GetProperty("role").GetString(), resume.Body.GetProperty("identity").GetString(), resume.Body.GetProperty("leader").GetString()));
        Assert.Contains("send it to the leader replica-a", resume.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Conflict, "replica-a"), (pause.Code, pause.Body.GetProperty("leader").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, "replica-a"), (refresh.Code, refresh.Body.GetProperty("leader").GetString())); // was 202 "queued", for a queue nobody reads
        Assert.Null(followerPaused); // a follower's switch was not set behind the leader's back
        Assert.Equal("incident 42", Runtime(b).Apply.Pause.Record?.Reason);
    }

    /// <summary>
    /// Two control planes on one Lease: replica-a started first and ready as the leader, replica-b started after it and
    /// naming it; disposing stops both (b first, as a takeover test may have stopped a already).
    /// </summary>
    private sealed class Replicas(WebApplication a, Uri aUrl, WebApplication b, Uri bUrl) : IAsyncDisposable
    {
        public WebApplication A => a;

        public Uri AUrl => aUrl;

        public WebApplication B => b;

        public Uri BUrl => bUrl;

        public static async Task<Replicas> StartAsync(GitTestRepo repo, ApiEmulator api, HttpClient http)
        {
            var (a, aUrl) = await FollowerReadinessTests.StartAsync(repo, api, "replica-a");
            WebApplication? b = null;
            try
            {
                await Until(async () => (await ReadyAsync(http, aUrl)).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
                (b, var bUrl) = await FollowerReadinessTests.StartAsync(repo, api, "replica-b");
                await Until(async () => (await ReadyAsync(http, bUrl)).Body.TryGetProperty("leader", out var l) && l.GetString() == "replica-a", TimeSpan.FromSeconds(20));
                return new Replicas(a, aUrl, b, bUrl);
            }
            catch
            {
                await StopAsync(a, b);
                throw;
            }
        }

        public ValueTask DisposeAsync() => new(StopAsync(a, b));

        private static async Task StopAsync(WebApplication a, WebApplication? b)
        {
            if (b is not null)
            {
                await b.StopAsync(CancellationToken.None);
                await b.DisposeAsync();
            }

            await a.DisposeAsync();
        }
    }

    private static RepositoryRuntime Runtime(WebApplication app) => app.Services.GetRequiredService<RepositoryRegistry>().Default;

    private static async Task<(HttpStatusCode Code, JsonElement Body)> PostAsync(HttpClient http, Uri readyz, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(readyz, "/" + path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "node-token");
        using var response = await http.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    private static async Task<(WebApplication App, Uri Url)> StartAsync(GitTestRepo repo, ApiEmulator api, string identity)
    {
        var port = Ports.FreeTcp();
        var single = ControlPlaneSettings.Single(
            repo.Bare, Path.Combine(repo.Root, identity), "main", $"http://127.0.0.1:{port}", "node-token", GitCredentials.None,
            TimeSpan.FromSeconds(20), TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), [], null, null, allowFileUrls: true);
        var settings = single with { Election = (api.Address.ToString().TrimEnd('/'), new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, identity)) };
        var app = ControlPlaneHost.Build(settings, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(Token);
        return (app, new Uri($"http://127.0.0.1:{port}/readyz"));
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> ReadyAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url, Token);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"not within {timeout.TotalSeconds} s");
            await Task.Delay(100, Token);
        }
    }
}
