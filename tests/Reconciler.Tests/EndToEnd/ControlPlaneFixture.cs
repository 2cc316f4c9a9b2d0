using System.Security.Cryptography;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The whole loop on loopback: a real repository served by <c>git daemon</c>, the GitHub emulator (as a GitHub
/// App, so checks are check runs with annotations), the control plane, and helpers to send signed webhooks.
/// </summary>
internal sealed class ControlPlaneFixture : IAsyncDisposable
{
    public const string NodeToken = "node-token-e2e";
    public const string WebhookSecret = "webhook-secret-e2e";
    // Generous: on a loaded machine a webhook may wait seconds for a thread; what a test asserts is the answer.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly RSA _appKey = RSA.Create(2048);

    private ControlPlaneFixture(GitTestRepo repo, GitDaemon daemon, GitHubEmulator github, WebApplication app, Uri baseUri)
    {
        Repo = repo;
        Daemon = daemon;
        GitHub = github;
        App = app;
        BaseUri = baseUri;
    }

    public GitTestRepo Repo { get; }

    public GitDaemon Daemon { get; }

    public GitHubEmulator GitHub { get; }

    public WebApplication App { get; }

    /// <summary>
    /// How long an apply waits for each node's answer. The nodes run in this test process beside other end-to-end
    /// tests; on a loaded 2-core CI machine a node's first apply has taken longer than 15 s to be reported.
    /// </summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(30);

    public Uri BaseUri { get; }

    /// <summary>The control plane's one repository: its apply, review and publisher.</summary>
    public RepositoryRuntime Runtime => ((RepositoryRegistry)App.Services.GetService(typeof(RepositoryRegistry))!).Default;

    public GitGateway.Reconciler.Apply.PlanPublisher Publisher => Runtime.Publisher;

    /// <param name="rollout">How plans roll out (default: one canary baking 1 s, so tests with two nodes stay quick).</param>
    /// <param name="drift">How drift is watched (default: the control plane's).</param>
    public static async Task<ControlPlaneFixture> StartAsync(GitTestRepo repo, IReadOnlyList<string> nodes, CancellationToken cancellationToken, TimeProvider? time = null, GitGateway.Reconciler.Apply.RolloutOptions? rollout = null, bool requireReviewedPlans = false, GitGateway.Reconciler.Drift.DriftOptions? drift = null)
    {
        var daemon = await GitDaemon.StartAsync(Path.Combine(repo.Root, "origin"), cancellationToken);
        var github = await GitHubEmulator.StartAsync();
        time ??= WeekdayNoon();
        github.Clock = time;
        using var key = RSA.Create(2048);
        for (var attempt = 1; ; attempt++)
        {
            // The control plane's URL is in its settings (the links it writes), so its port is picked first: when
            // something else bound it meanwhile, start again on another.
            var port = Ports.FreeTcp();
            var app = Build(repo, nodes, daemon, github, key, port, time, rollout, requireReviewedPlans, drift);
            try
            {
                await app.StartAsync(cancellationToken);

                // Each loop restores its saved revision to the publisher first: a test that publishes by hand waits for that.
                var loaded = app.Services.GetRequiredService<RepositoryRegistry>().All.Select(r => r.Worker.Loaded);
                await Task.WhenAll(loaded).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                return new ControlPlaneFixture(repo, daemon, github, app, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (IOException) when (attempt < 3)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(GitTestRepo repo, IReadOnlyList<string> nodes, GitDaemon daemon, GitHubEmulator github, RSA key, int port, TimeProvider time, GitGateway.Reconciler.Apply.RolloutOptions? rollout, bool requireReviewedPlans, GitGateway.Reconciler.Drift.DriftOptions? drift)
    {
        var settings = ControlPlaneSettings.Single(
            daemon.Url("routing.git"),
            Path.Combine(repo.Root, "control-plane"),
            "main",
            $"http://127.0.0.1:{port}",
            NodeToken,
            GitCredentials.None,
            TimeSpan.FromSeconds(20),
            TimeSpan.FromHours(1),
            AckTimeout,
            nodes,
            new GitHubSettings(github.BaseUri, "acme/routing", null, "4242", 77, key.ExportPkcs8PrivateKeyPem()),
            WebhookSecret);
        settings = settings with { Repositories = [settings.Repositories[0] with { Rollout = rollout ?? new GitGateway.Reconciler.Apply.RolloutOptions(1, TimeSpan.FromSeconds(1), 0.05, 20), RequireReviewedPlans = requireReviewedPlans, Drift = drift ?? GitGateway.Reconciler.Drift.DriftOptions.Default }] };
        return ControlPlaneHost.Build(settings, time, l => l.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A Wednesday noon (UTC), outside the example repository's weekend freeze.</summary>
    public static TimeProvider WeekdayNoon() => new Apply.OffsetTimeProvider(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));

    public Task<HttpResponseMessage> PushAsync(string branch, string after, string? delivery = null) =>
        WebhookAsync("push", $$"""{"ref":"refs/heads/{{branch}}","after":"{{after}}"}""", delivery);

    public Task<HttpResponseMessage> PullRequestAsync(string action, int number, string headSha, string baseRef = "main", string? delivery = null) =>
        WebhookAsync(
            "pull_request",
            "{\"action\":\"" + action + "\",\"number\":" + number + ",\"pull_request\":{\"number\":" + number
            + ",\"head\":{\"sha\":\"" + headSha + "\",\"ref\":\"feature\"},\"base\":{\"ref\":\"" + baseRef + "\"}}}",
            delivery);

    /// <summary>The control plane's <c>/v1/status</c> document, read with the node token as an operator would.</summary>
    public async Task<JsonDocument> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, "v1/status"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", NodeToken);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async Task<HttpResponseMessage> WebhookAsync(string eventName, string json, string? delivery, string secret = WebhookSecret)
    {
        using var request = SignedWebhook.Create(new Uri(BaseUri, "webhook"), eventName, json, secret, delivery);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
        Daemon.Dispose();
        _http.Dispose();
        _appKey.Dispose();
    }

    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
