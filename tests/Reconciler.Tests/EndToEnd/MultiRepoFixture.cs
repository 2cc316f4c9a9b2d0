using System.Net.Http.Headers;
using System.Security.Cryptography;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// One control plane serving several repositories (<c>alpha</c>, <c>beta</c>, …), each with its own git daemon,
/// GitHub emulator (as a GitHub App), node token, webhook secret and state folder; it can be restarted on the
/// same port and state directory.
/// </summary>
internal sealed class MultiRepoFixture : IAsyncDisposable
{
    // Generous: on a loaded machine a webhook may wait seconds for a thread; what a test asserts is the answer.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly RSA _appKey = RSA.Create(2048);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("gg-multi-").FullName;
    private int _port = Ports.FreeTcp();
    private ControlPlaneSettings? _settings;

    private MultiRepoFixture(IReadOnlyList<FixtureRepository> repositories) => Repositories = repositories;

    public IReadOnlyList<FixtureRepository> Repositories { get; }

    public WebApplication App { get; private set; } = null!;

    public Uri BaseUri => new($"http://127.0.0.1:{_port}/");

    public int Port => _port;

    public RepositoryRegistry Registry => App.Services.GetRequiredService<RepositoryRegistry>();

    public FixtureRepository this[string name] => Repositories.Single(r => r.Name == name);

    /// <param name="secretFiles">Repositories that read their webhook secrets from this file instead (re-read on change).</param>
    public static async Task<MultiRepoFixture> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> nodesByRepository, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? secretFiles = null)
    {
        var repositories = new List<FixtureRepository>();
        foreach (var name in nodesByRepository.Keys)
        {
            repositories.Add(await FixtureRepository.StartAsync(name, cancellationToken));
        }

        var fixture = new MultiRepoFixture(repositories);
        for (var attempt = 1; ; attempt++)
        {
            fixture._settings = new ControlPlaneSettings(
                $"http://127.0.0.1:{fixture._port}",
                [.. repositories.Select(r => fixture.Settings(r, nodesByRepository[r.Name]) with { WebhookSecretFile = secretFiles?.GetValueOrDefault(r.Name) })]);
            try
            {
                await fixture.StartAppAsync(cancellationToken);
                return fixture;
            }
            catch (IOException) when (attempt < 3)
            {
                // Its port was bound by something else since it was picked: another one (a restart keeps the port it got).
                await fixture.App.DisposeAsync();
                fixture._port = Ports.FreeTcp();
            }
        }
    }

    /// <summary>Stops the control plane and starts a new one on the same port and state directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await App.StopAsync(cancellationToken);
        await App.DisposeAsync();
        await StartAppAsync(cancellationToken);
    }

    /// <summary>Posts a signed webhook to <paramref name="path"/> (<c>webhook</c> or <c>webhooks/github/{name}</c>).</summary>
    public async Task<HttpResponseMessage> WebhookAsync(string path, string eventName, string json, string secret)
    {
        using var request = SignedWebhook.Create(new Uri(BaseUri, path), eventName, json, secret);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A <c>push</c> to main of <paramref name="repository"/>, naming it in <c>repository.full_name</c>, signed with its secret.</summary>
    public Task<HttpResponseMessage> PushAsync(FixtureRepository repository, string after) =>
        WebhookAsync("webhook", "push", PushJson(repository.FullName, after), repository.WebhookSecret);

    public static string PushJson(string fullName, string after) =>
        $$$"""{"ref":"refs/heads/main","after":"{{{after}}}","repository":{"full_name":"{{{fullName}}}"}}""";

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        foreach (var repository in Repositories)
        {
            await repository.DisposeAsync();
        }

        _http.Dispose();
        _appKey.Dispose();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // never fail a test over cleanup
        }
    }

    private RepositorySettings Settings(FixtureRepository r, IReadOnlyList<string> nodes) => new(
        r.Name,
        r.Daemon.Url("routing.git"),
        Path.Combine(_stateDir, r.Name),
        "main",
        r.NodeToken,
        GitCredentials.None,
        TimeSpan.FromSeconds(20),
        TimeSpan.FromHours(1),
        TimeSpan.FromSeconds(15),
        nodes,
        new GitHubSettings(r.GitHub.BaseUri, r.FullName, null, "4242", 77, _appKey.ExportPkcs8PrivateKeyPem()),
        r.WebhookSecret);

    private async Task StartAppAsync(CancellationToken cancellationToken)
    {
        App = ControlPlaneHost.Build(_settings!, ControlPlaneFixture.WeekdayNoon(), l => l.SetMinimumLevel(LogLevel.Warning));
        await App.StartAsync(cancellationToken);
    }
}
