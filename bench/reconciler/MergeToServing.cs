using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Webhook;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Bench;

/// <summary>
/// Merge-to-serving latency: a repository with N HTTPRoutes, the control plane and two embedded proxy nodes;
/// each round commits one new route, sends the push webhook, and times until both nodes answer it.
/// </summary>
internal static class MergeToServing
{
    private const string Secret = "bench-secret";
    private const string Token = "bench-token";

    public static async Task RunAsync(int routes, int rounds, int warmup, TextWriter output, string? resultsPath)
    {
        var loadBefore = BenchResults.Load();
        var phases = new PhaseLog();
        using var nodeLoggers = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(phases));
        var root = Directory.CreateTempSubdirectory("gg-bench-").FullName;
        var work = Path.Combine(root, "repo");
        Seed(work, routes);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(work).Files, "seed")).Plan;
        var port = DemoPorts.Free();
        var settings = ControlPlaneSettings.Single(work, Path.Combine(root, "cp"), "main", $"http://127.0.0.1:{port}", Token, GitCredentials.None,
            TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), ["a", "b"], null, Secret, allowFileUrls: true);
        // Straight to both nodes: a canary bake (10 s by default) is a deliberate wait, not propagation.
        settings = settings with { Repositories = [settings.Repositories[0] with { Rollout = RolloutOptions.Default with { CanaryNodes = 0 } }] };
        await using var app = ControlPlaneHost.Build(settings, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(phases));
        await app.StartAsync();
        await using var backends = await LocalEchoBackends.StartAsync([plan], CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        var clients = new List<HttpClient>();
        var nodes = new List<ProxyNode>();
        foreach (var name in new[] { "a", "b" })
        {
            var dir = Path.Combine(root, name);
            Directory.CreateDirectory(dir);
            await backends.WriteBackendsFileAsync(Path.Combine(dir, "backends.json"), CancellationToken.None);
            LocalCertificates.Write(plan, Path.Combine(dir, "certs"), TimeProvider.System);
            var map = plan.Listeners.Select(l => l.Port).Distinct().ToDictionary(p => p, _ => DemoPorts.Free());
            nodes.Add(await EmbeddedNode.StartAsync(new ControlPlaneOptions(new Uri($"http://127.0.0.1:{port}/"), name, Token), map, dir, http, nodeLoggers, TimeProvider.System, CancellationToken.None));
            clients.Add(Client(map[443]));
        }

        using var hook = new HttpClient();
        await PushAsync(hook, port, DemoRunner.Git(work, "rev-parse", "HEAD"));
        try
        {
            await WaitAsync(clients, phases, "/r0", "store/store-web:8080", TimeSpan.FromSeconds(routes < 100 ? 60 : 300));
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join('\n', phases.Tail(20)));
            throw;
        }

        var samples = new List<RoundPhases>();
        var cost = ProcessCost.Now();
        for (var i = 0; i < warmup + rounds; i++)
        {
            if (i == warmup)
            {
                cost = ProcessCost.Now();
            }

            File.WriteAllText(Path.Combine(work, $"teams/store/routes/new-{i}.yaml"), Route($"new-{i}", $"/new-{i}", "store-api-v1"));
            DemoRunner.Git(work, "add", "-A");
            DemoRunner.Git(work, "-c", "user.name=bench", "-c", "user.email=bench@gitgateway.invalid", "commit", "-q", "-m", $"new route {i}");
            var head = DemoRunner.Git(work, "rev-parse", "HEAD");
            var sent = Stopwatch.GetTimestamp();
            await PushAsync(hook, port, head);
            await WaitAsync(clients, phases, $"/new-{i}", "store/store-api-v1:8080", TimeSpan.FromSeconds(120));
            var answered = Stopwatch.GetTimestamp();
            await Task.Delay(50); // the last log marks and gauges of this round settle
            if (i >= warmup)
            {
                samples.Add(RoundPhases.From(phases, head, sent, answered, nodes.Select(Gauges).ToList()));
            }
        }

        var spent = ProcessCost.Now() - cost;
        var totals = samples.Select(s => s.Total).ToList();
        var load = $"{loadBefore}-{BenchResults.Load()}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"routes={routes} rounds={rounds} warmup={warmup} merge-to-serving (webhook -> both nodes answer) p50={RoundPhases.Percentile(totals, 50):0} ms p99={RoundPhases.Percentile(totals, 99):0} ms min={totals.Min():0} ms max={totals.Max():0} ms load {load}"));
        output.WriteLine(RoundPhases.Table(samples));
        output.WriteLine(spent.PerMerge(rounds));
        if (resultsPath is not null)
        {
            var figures = new List<(string, double)> { ("p50_ms", RoundPhases.Percentile(totals, 50)), ("p99_ms", RoundPhases.Percentile(totals, 99)) };
            figures.AddRange(RoundPhases.Names.Select(n => ("p50_" + Figure(n), RoundPhases.Percentile([.. samples.Select(s => s.Phases.GetValueOrDefault(n))], 50))));
            BenchResults.Write(resultsPath, $"merge-to-serving-{routes}", $"{routes} routes, 2 embedded nodes, {rounds} merges of one new route after {warmup} not counted", load, figures);
            output.WriteLine($"wrote {resultsPath}");
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        clients.ForEach(c => c.Dispose());
        await app.StopAsync();
        Directory.Delete(root, true);
    }

    private static string Gauges(ProxyNode node)
    {
        var text = new StringBuilder();
        node.Metrics.PlanLoad.Render(text);
        return text.ToString();
    }

    private static string Figure(string phase) => new([.. phase.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static void Seed(string work, int routes)
    {
        var examples = Path.Combine(FindRoot(), "examples", "repo-layout");
        foreach (var f in new[] { "gitgateway.yaml", "platform/team.yaml", "platform/gatewayclass.yaml", "platform/gateways/public.yaml", "platform/vips/public-vip.yaml", "platform/vips/pool.yaml", "teams/store/team.yaml" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, f))!);
            File.Copy(Path.Combine(examples, f), Path.Combine(work, f));
        }

        var config = File.ReadAllText(Path.Combine(work, "gitgateway.yaml"));
        var cut = config.IndexOf("  freezeWindows:", StringComparison.Ordinal);
        // One team holds every route: its limit is raised to the size measured (the default is 2,500 a team).
        File.WriteAllText(Path.Combine(work, "gitgateway.yaml"), (cut < 0 ? config : config[..cut]) + $"  limits:\n    team: {{routes: {routes + 1000}}}\n");
        Directory.CreateDirectory(Path.Combine(work, "teams/store/routes"));
        // 50 routes a file: the renderer bounds the documents one file may hold.
        for (var start = 0; start < routes; start += 50)
        {
            var file = new StringBuilder();
            for (var i = start; i < Math.Min(routes, start + 50); i++)
            {
                file.Append(Route($"r{i}", $"/r{i}", i % 2 == 0 ? "store-web" : "store-api-v1")).Append("---\n");
            }

            File.WriteAllText(Path.Combine(work, $"teams/store/routes/generated-{start / 50:D3}.yaml"), file.ToString());
        }
        DemoRunner.Git(work, "init", "-q", "--initial-branch=main");
        DemoRunner.Git(work, "add", "-A");
        DemoRunner.Git(work, "-c", "user.name=bench", "-c", "user.email=bench@gitgateway.invalid", "commit", "-q", "-m", "seed");
    }

    private static string Route(string name, string path, string backend) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: {name}, namespace: store{"}"}
        spec:
          parentRefs: [{"{"}name: public, namespace: gateway-system, sectionName: https{"}"}]
          hostnames: ["store.example.com"]
          rules:
          - matches: [{"{"}path: {"{"}type: PathPrefix, value: {path}{"}"}{"}"}]
            backendRefs: [{"{"}name: {backend}, port: 8080{"}"}]

        """;

    private static async Task PushAsync(HttpClient hook, int port, string after)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"ref\":\"refs/heads/main\",\"after\":\"{after}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/webhook") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign(WebhookSignature.SecretBytes(Secret), body));
        using var response = await hook.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Asks each node for <paramref name="path"/> until both answer from <paramref name="backend"/>: at once, then each
    /// time a node logs a plan applied (the table is swapped before that mark), not on a timer; a second without a mark
    /// asks again anyway.
    /// </summary>
    private static async Task WaitAsync(List<HttpClient> clients, PhaseLog phases, string path, string backend, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var pending = new HashSet<HttpClient>(clients);
        while (pending.Count > 0)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{path} not served by {backend} after {timeout}");
            }

            var applied = phases.NextApplied;

            foreach (var client in pending.ToList())
            {
                try
                {
                    using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("https://store.example.com" + path)));
                    if (doc.RootElement.GetProperty("backend").GetString() == backend)
                    {
                        pending.Remove(client);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
                {
                    // not yet
                }
            }

            try
            {
                await (pending.Count > 0 ? applied.WaitAsync(TimeSpan.FromSeconds(1)) : Task.CompletedTask);
            }
            catch (TimeoutException)
            {
                // no node applied a plan in that second: ask again
            }
        }
    }

    private static HttpClient Client(int httpsPort) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", httpsPort, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { Timeout = TimeSpan.FromSeconds(5) };

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "GitGateway.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
