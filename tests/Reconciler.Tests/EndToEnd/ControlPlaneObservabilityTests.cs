using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Metrics;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// What an operator sees of a refused commit (<c>/v1/status</c>, the apply check) and what a scraper reads at
/// <c>/metrics</c>, parsed with the exposition grammar.
/// </summary>
public sealed class ControlPlaneObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedCommit_AfterAGoodOne_StatusAndCheckNameTheErrorAndTheRevisionStillServing()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == ApplyCheckText.Name && r.HeadSha == seed), "seed applied");

        // A broken platform file is nobody's team: the whole commit is refused (a team's broken file is isolated).
        repo.Write("platform/gateways/broken.yaml", "kind: Gateway\nspec: [\n");
        var broken = repo.Commit("a gateway file that does not parse");
        await cp.PushAsync("main", broken);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == ApplyCheckText.Name && r.HeadSha == broken), "broken refused");

        var status = await StatusAsync(cp);
        var error = (string?)status["error"];
        Assert.NotNull(error);
        Assert.Contains($"commit {broken} refused", error, StringComparison.Ordinal);
        Assert.Contains("platform/gateways/broken.yaml:", error, StringComparison.Ordinal);
        Assert.Contains($"revision 1 from commit {seed} keeps serving", error, StringComparison.Ordinal);
        Assert.Equal(seed, (string?)status["commit"]);
        Assert.Equal(broken, (string?)status["refused"]!["commit"]);
        var check = cp.GitHub.CheckRuns.ToArray().Last(r => r.Name == ApplyCheckText.Name && r.HeadSha == broken);
        Assert.Equal("failure", check.Conclusion);
        Assert.EndsWith($"serving revision 1 (commit {seed[..12]})", check.Title, StringComparison.Ordinal);

        // Fixed: the refusal is gone from the status.
        repo.Delete("platform/gateways/broken.yaml");
        var fixedSha = repo.Commit("drop the broken gateway file");
        await cp.PushAsync("main", fixedSha);
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == ApplyCheckText.Name && r.HeadSha == fixedSha), "fix applied");
        status = await StatusAsync(cp);
        Assert.Null((string?)status["error"]);
        Assert.Null(status["refused"]);
    }

    [Fact]
    public async Task Metrics_AfterApplyAndWebhooks_ParseAndCountWhatHappened()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed, delivery: "d-1");
        await cp.PushAsync("main", seed, delivery: "d-1");
        await cp.WebhookAsync("push", "{}", "d-2", secret: "wrong");
        using (var unsigned = new HttpClient { BaseAddress = cp.BaseUri })
        {
            using var answer = await unsigned.PostAsync("/webhook", new StringContent("{}"), Ct);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == ApplyCheckText.Name && r.HeadSha == seed), "seed applied");

        using var http = new HttpClient { BaseAddress = cp.BaseUri };
        var text = "";
        for (var i = 0; i < 100 && !text.Contains("outcome=\"Applied\"", StringComparison.Ordinal); i++)
        {
            // The reconcile is timed once its check is set: give the loop a moment to record it.
            text = await http.GetStringAsync("/metrics", Ct);
            await Task.Delay(50, Ct);
        }

        var (samples, types) = PrometheusText.Parse(text);
        var readyz = await http.GetAsync("/readyz", Ct);

        double Value(string name, params (string Key, string Value)[] labels) => Assert.Single(samples, s =>
            s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;
        Assert.Equal(1, Value("gitgateway_applied_revision", ("repository", "default")));
        Assert.Equal(1, Value("gitgateway_render_duration_seconds_count", ("repository", "default")));
        Assert.Equal(1, Value("gitgateway_reconcile_duration_seconds_count", ("repository", "default"), ("outcome", "Applied")));
        Assert.Equal(1, Value("gitgateway_webhook_deliveries_total", ("outcome", "queued")));
        // The same delivery id again is a duplicate while its work runs, a redelivery after: counted as what the log says.
        var again = samples.Where(s => s.Name == "gitgateway_webhook_deliveries_total" && s.Labels["outcome"] is "duplicate" or "redelivery").Sum(s => s.Value);
        Assert.Equal(1, again);
        Assert.DoesNotContain(samples, s => s.Name == "gitgateway_webhook_deliveries_total" && s.Labels["outcome"] is "ignored" or "other");
        Assert.Equal(1, Value("gitgateway_webhook_deliveries_total", ("outcome", "invalid_signature")));
        Assert.Equal(1, Value("gitgateway_webhook_deliveries_total", ("outcome", "missing_or_malformed_signature")));
        Assert.Equal(1, Value("gitgateway_nodes", ("repository", "default"), ("state", "acked")));
        Assert.Equal(0, Value("gitgateway_nodes", ("repository", "default"), ("state", "nacked")));
        Assert.Equal("histogram", types["gitgateway_reconcile_duration_seconds"]);
        Assert.Equal(System.Net.HttpStatusCode.OK, readyz.StatusCode);
    }

    private static async Task<JsonObject> StatusAsync(ControlPlaneFixture cp)
    {
        using var http = new HttpClient { BaseAddress = cp.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        return JsonNode.Parse(await http.GetStringAsync("/v1/status", Ct))!.AsObject();
    }
}
