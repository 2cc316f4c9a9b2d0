using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Cli;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>The real <c>gitgateway serve --config</c> process with a two-repository config file.</summary>
public sealed class ServeProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServeProcess_TwoRepositoryConfig_AppliesEachIntoItsOwnStateAndAnswersUnknownOnesWith404()
    {
        using var alpha = GitTestRepo.Create();
        using var beta = GitTestRepo.Create();
        var gitgatewayYaml = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {targetBranch: main}\n";
        alpha.Write("gitgateway.yaml", gitgatewayYaml);
        beta.Write("gitgateway.yaml", gitgatewayYaml);
        // A repository that renders no route is applied only with the explicit override.
        const string allowEmpty = "\n\nGitGateway-Allow-Destructive: an empty routing domain for this test";
        var (alphaHead, betaHead) = (alpha.Commit("alpha" + allowEmpty), beta.Commit("beta" + allowEmpty));
        await using var github = await GitHubEmulator.StartAsync();
        using var dir = new TempDirectory();
        dir.Write("node-token", "shared-token");
        dir.Write("github-token", github.Token);
        dir.Write("beta-secret", "beta-secret");
        var port = Ports.FreeTcp();
        var config = dir.Write("config.yaml", $"""
            listen: http://127.0.0.1:{port}
            stateDir: {dir.Path}/state
            nodeTokenFile: {dir.Path}/node-token
            pollInterval: 1h
            github: {"{"}api: "{github.BaseUri}", tokenFile: {dir.Path}/github-token{"}"}
            repositories:
            - name: alpha
              url: {alpha.Bare}
              allowFileUrls: true
            - name: beta
              url: {beta.Bare}
              allowFileUrls: true
              github: {"{"}repo: acme/beta, webhookSecretFile: {dir.Path}/beta-secret{"}"}
            """);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var serve = Start(config, errors);
        try
        {
            await Eventually.HoldsAsync(() => serve.HasExited || Answers(port), "gitgateway serve answers /healthz");
            Assert.False(serve.HasExited, "gitgateway serve exited: " + string.Join('\n', errors));
            await AssertServesBothAsync(port, dir.Path, alphaHead, betaHead);
        }
        finally
        {
            Stop(serve);
        }
    }

    private static async Task AssertServesBothAsync(int port, string dir, string alphaHead, string betaHead)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shared-token");

        var refresh = await http.PostAsync(new Uri("v1/repos/alpha/refresh", UriKind.Relative), null, Ct);
        var push = await SignedPushAsync(http, "webhook", "acme/beta", "beta-secret");
        var unknown = await SignedPushAsync(http, "webhook", "acme/gamma", "beta-secret");
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(dir, "state", "alpha", "state", "state.json")) && File.Exists(Path.Combine(dir, "state", "beta", "state", "state.json")), "both repositories applied");
        await Eventually.HoldsAsync(() => Status(http).Count(r => r.Commit is not null) == 2, "both revisions in /v1/status");

        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal([("alpha", alphaHead), ("beta", betaHead)], Status(http).Select(r => (r.Name, r.Commit!)));
    }

    private static Process Start(string config, System.Collections.Concurrent.ConcurrentQueue<string> errors)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { BuiltProgram.Find("Reconciler.Tests", "Reconciler", "gitgateway.dll"), "serve", "--config", config })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    private static bool Answers(int port)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var response = http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), Ct).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static List<(string Name, string? Commit)> Status(HttpClient http)
    {
        var text = http.GetStringAsync(new Uri("v1/status", UriKind.Relative), Ct).GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(text);
        return [.. doc.RootElement.GetProperty("repositories").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("commit").GetString()))];
    }

    private static async Task<HttpResponseMessage> SignedPushAsync(HttpClient http, string path, string fullName, string secret)
    {
        using var request = SignedWebhook.Create(new Uri(http.BaseAddress!, path), "push", MultiRepoFixture.PushJson(fullName, "0000000000000000000000000000000000000000"), secret);
        return await http.SendAsync(request, Ct);
    }
}
