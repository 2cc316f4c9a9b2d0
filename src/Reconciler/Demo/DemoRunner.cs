using System.Diagnostics;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// <c>gitgateway demo</c>, the embedded default: a local Git repository seeded from <c>examples/repo-layout</c>,
/// the control plane polling it every half second, one embedded proxy node fed over the node protocol, and
/// local echo backends. A commit in the repository changes live routing within about a second.
/// </summary>
internal sealed class DemoRunner(TextWriter output, TimeProvider time, bool jsonLogs = false)
{
    internal const string Token = "demo-node-token";

    // The example's JWT policies name an identity provider the demo does not have: every API call would be 401.
    private static readonly string[] DroppedInDemo = ["teams/store/policies/store-api-jwt.yaml", "teams/payments/policies/payments-grpc-jwt.yaml"];

    public async Task<int> RunAsync(string seed, string directory, int httpPort, int httpsPort, bool selfCheck, CancellationToken cancellationToken)
    {
        var work = Path.Combine(directory, "repo");
        SeedRepository(seed, work);
        var seedPlan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(work).Files, "seed")).Plan;
        var controlPort = DemoPorts.Free();
        var settings = ControlPlaneSettings.Single(work, Path.Combine(directory, "control-plane"), "main", $"http://127.0.0.1:{controlPort}", Token,
            GitCredentials.None, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), ["demo-node"], null, null, allowFileUrls: true);
        var events = new DemoEventLog();
        await using var app = ControlPlaneHost.Build(settings, time, l =>
        {
            ConsoleLogging.Configure(l, jsonLogs);
            l.AddProvider(events);
        });
        await app.StartAsync(cancellationToken);
        await using var backends = await LocalEchoBackends.StartAsync([seedPlan], cancellationToken);
        var nodeDir = Path.Combine(directory, "node");
        Directory.CreateDirectory(nodeDir);
        await backends.WriteBackendsFileAsync(Path.Combine(nodeDir, "backends.json"), cancellationToken);
        LocalCertificates.Write(seedPlan, Path.Combine(nodeDir, "certs"), time);
        var portMap = PortMap(seedPlan, httpPort, httpsPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var loggers = LoggerFactory.Create(l =>
        {
            ConsoleLogging.Configure(l, jsonLogs); // the node's problems in the same format as the control plane's events
            l.SetMinimumLevel(LogLevel.Error);
        });
        await using var node = await EmbeddedNode.StartAsync(new ControlPlaneOptions(new Uri($"http://127.0.0.1:{controlPort}/"), "demo-node", Token), portMap, nodeDir, http, loggers, time, cancellationToken);
        if (!await WaitUntilServingAsync(node, cancellationToken))
        {
            output.WriteLine($"The embedded node does not serve after {ServeTimeout.TotalSeconds:0} s (see the errors above).");
            return 1;
        }

        var endpoints = new DemoEndpoints(work, controlPort, node.AdminPort, portMap);
        await File.WriteAllTextAsync(Path.Combine(directory, "demo.env"), endpoints.ShellVariables(), cancellationToken);
        if (selfCheck)
        {
            output.WriteLine($"self-check: gateway ports {string.Join(", ", portMap.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}→127.0.0.1:{kv.Value}"))}, control plane {endpoints.Control}, node admin {endpoints.Admin}");
            return await DemoSelfCheck.RunAsync(output, endpoints, events, time, cancellationToken);
        }

        output.WriteLine(jsonLogs ? endpoints.Json() : endpoints.Banner(DroppedInDemo));
        output.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    private static void SeedRepository(string seed, string work)
    {
        if (Directory.Exists(Path.Combine(work, ".git")))
        {
            return; // a second run keeps the repository and its history
        }

        foreach (var file in Directory.EnumerateFiles(seed, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(work, Path.GetRelativePath(seed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The example declares a weekend freeze; the demo applies at any hour.
        var config = Path.Combine(work, "gitgateway.yaml");
        var text = File.ReadAllText(config);
        var cut = text.IndexOf("  freezeWindows:", StringComparison.Ordinal);
        File.WriteAllText(config, cut < 0 ? text : text[..cut]);
        foreach (var dropped in DroppedInDemo)
        {
            File.Delete(Path.Combine(work, dropped));
        }

        Git(work, "init", "--quiet", "--initial-branch=main");
        Git(work, "add", "-A");
        Git(work, "-c", "user.name=GitGateway demo", "-c", "user.email=demo@gitgateway.invalid", "commit", "--quiet", "-m", "Seed from examples/repo-layout (no freeze windows, no JWT policies in the demo)");
    }

    internal static string Git(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? stdout.Trim() : throw new GitMirrorException($"git {args[0]}: {stderr.Trim()}");
    }

    private static Dictionary<int, int> PortMap(RoutingPlan plan, int httpPort, int httpsPort) =>
        plan.Listeners.Select(l => l.Port).Distinct().ToDictionary(p => p, p => p switch
        {
            80 => httpPort,
            443 => httpsPort,
            _ => DemoPorts.Free(),
        });

    private static readonly TimeSpan ServeTimeout = TimeSpan.FromSeconds(15);

    // Saying "running" while a port could not be bound would send a newcomer curling some other process.
    private async Task<bool> WaitUntilServingAsync(GitGateway.Proxy.Hosting.ProxyNode node, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ServeTimeout;
        while (!node.Readiness().Ready)
        {
            if (time.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        return true;
    }
}
