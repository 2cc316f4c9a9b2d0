using System.Net.Http.Headers;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Metrics;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>A remote that stops answering shows in /v1/status, in /metrics and in a check on the commit the nodes serve.</summary>
public sealed class GitSourceStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemoteUnreachable_StatusAndCheckSayItWithTheLastGoodRevision()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        var seed = repo.Commit("seed\n\nGitGateway-Allow-Destructive: no routes yet"); // an empty plan is applied only on purpose
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == seed && r.Name == ApplyCheckText.Name), "the seed applied");
        using var http = new HttpClient { BaseAddress = cp.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        var healthy = await StatusAsync(http);

        cp.Daemon.Dispose();
        await http.PostAsync(new Uri("v1/refresh", UriKind.Relative), null, Ct);
        JsonElement status = default;
        for (var i = 0; i < 200 && (status.ValueKind == JsonValueKind.Undefined || status.GetProperty("error").ValueKind == JsonValueKind.Null); i++)
        {
            await Task.Delay(100, Ct);
            status = await StatusAsync(http);
        }

        Assert.Equal(JsonValueKind.Null, healthy.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.String, status.GetProperty("error").ValueKind);
        var git = status.GetProperty("git");
        Assert.Equal(status.GetProperty("error").GetString(), git.GetProperty("error").GetString());
        Assert.Equal(seed, git.GetProperty("lastGoodRevision").GetString());
        Assert.True(git.GetProperty("lastGoodAgeSeconds").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.String, git.GetProperty("failingSince").ValueKind);
        await Eventually.HoldsAsync(
            () => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == seed && r.Name == SourceCheck.Name && r.Conclusion == "failure"),
            "a failing source check on the served commit");
    }

    [Fact]
    public async Task RemoteUnreachable_MetricsCountTheFailureByReasonAndTheCheckSaysTheLastGoodAge()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n");
        var seed = repo.Commit("seed\n\nGitGateway-Allow-Destructive: no routes yet");
        var clock = new OffsetTimeProvider(DateTimeOffset.UtcNow);
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct, clock);
        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.HeadSha == seed && r.Name == ApplyCheckText.Name), "the seed applied");
        using var http = new HttpClient { BaseAddress = cp.BaseUri };
        var healthy = await ScrapeAsync(http);

        // The remote goes away an hour after the last good fetch.
        cp.Daemon.Dispose();
        clock.Advance(TimeSpan.FromHours(1));
        await cp.PushAsync("main", seed, delivery: "after-the-remote-went-away");
        EmulatedCheckRun? check = null;
        await Eventually.HoldsAsync(
            () => (check = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.HeadSha == seed && r.Name == SourceCheck.Name && r.Conclusion == "failure")) is not null,
            "a failing source check on the served commit");
        var failing = await ScrapeAsync(http);

        Assert.DoesNotContain(healthy, x => x.Name == "gitgateway_git_fetch_failures_total");
        Assert.InRange(Value(healthy, "gitgateway_git_last_good_age_seconds"), 0, 600);
        Assert.True(Value(failing, "gitgateway_git_fetch_failures_total", ("reason", "unreachable")) >= 1);
        Assert.InRange(Value(failing, "gitgateway_git_last_good_age_seconds"), 3600, 4200);
        Assert.Matches(@"^cannot fetch the repository; last good revision fetched 3[6-9]\d\d s ago$", check!.Title);
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) => Assert.Single(samples, s =>
        s.Name == name && s.Labels.GetValueOrDefault("repository") == "default" && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Value;

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient http) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct)).Samples;

    private static async Task<JsonElement> StatusAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/status", UriKind.Relative), Ct));
        return doc.RootElement.Clone();
    }
}
