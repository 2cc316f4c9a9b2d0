using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitGateway.Reconciler.Demo;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Soak;

/// <summary>
/// The soak, as a list of steps: seed a local repository, start echo backends (here), the control plane and two
/// proxy nodes (each its own process), drive load, commit a plan change every <see cref="SoakOptions.ChangeEvery"/>
/// (and ask the control plane to refresh), kill one node with SIGKILL every <see cref="SoakOptions.KillEvery"/> and
/// start it again, sample every process's RSS at start, every sixth of the run and at the end, and print what happened.
/// </summary>
internal sealed class SoakRun(SoakOptions options, TextWriter output)
{
    private const string Token = "soak-node-token";
    private readonly string _root = Directory.CreateTempSubdirectory("gg-soak-").FullName;
    private readonly List<(string When, Dictionary<string, double?> Rss)> _samples = [];
    private int _commits;
    private int _kills;

    public async Task RunAsync()
    {
        var work = Path.Combine(_root, "repo");
        SoakRepository.Seed(work);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(work).Files, "seed")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_root, "node-token"), Token);
        var cpPort = DemoPorts.Free();
        using var controlPlane = new ChildProcess("control-plane", Program("Reconciler", "gitgateway.dll"), ["serve", "--config", await WriteServeConfigAsync(work, cpPort)], Path.Combine(_root, "control-plane.log"));
        controlPlane.Start();
        var nodes = new List<(ChildProcess Process, NodeTarget Target)>();
        foreach (var name in new[] { "node-a", "node-b" })
        {
            nodes.Add(await StartNodeAsync(name, cpPort, plan, backends));
        }

        try
        {
            foreach (var (process, target) in nodes)
            {
                await WaitReadyAsync(target, TimeSpan.FromMinutes(2));
                target.Restarted();
            }

            await DriveAsync(work, cpPort, controlPlane, nodes);
        }
        finally
        {
            nodes.ForEach(n => n.Process.Dispose());
        }

        output.WriteLine($"logs and state: {_root}");
    }

    private async Task DriveAsync(string work, int cpPort, ChildProcess controlPlane, List<(ChildProcess Process, NodeTarget Target)> nodes)
    {
        var load = new LoadDriver([.. nodes.Select(n => n.Target)]);
        using var stop = new CancellationTokenSource();
        var loadTask = load.RunAsync(options.Workers, stop.Token);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        await Task.Delay(TimeSpan.FromSeconds(10)); // warm-up: JIT, pools, first plan
        Sample("start", controlPlane, nodes);
        var watch = Stopwatch.StartNew();
        var nextKill = options.KillEvery;
        var nextSample = options.Duration / 6;
        while (watch.Elapsed < options.Duration)
        {
            await Task.Delay(options.ChangeEvery);
            SoakRepository.Change(work, ++_commits);
            await http.PostAsync(new Uri($"http://127.0.0.1:{cpPort}/v1/repos/soak/refresh"), null);
            if (watch.Elapsed >= nextKill)
            {
                await KillAndRestartAsync(nodes[_kills++ % nodes.Count]);
                nextKill += options.KillEvery;
            }

            if (watch.Elapsed >= nextSample && nextSample < options.Duration)
            {
                Sample(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalMinutes:0.#}m"), controlPlane, nodes);
                nextSample += options.Duration / 6;
            }
        }

        Sample("end", controlPlane, nodes);
        await stop.CancelAsync();
        await loadTask;
        Report(load, watch.Elapsed, await StatusAsync(http, cpPort));
    }

    private async Task KillAndRestartAsync((ChildProcess Process, NodeTarget Target) node)
    {
        node.Target.Down();
        node.Process.Kill();
        var killed = Stopwatch.StartNew();
        node.Process.Start();
        await WaitReadyAsync(node.Target, TimeSpan.FromMinutes(2));
        node.Target.Restarted();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"killed {node.Process.Name} (SIGKILL) and started it again: ready after {killed.Elapsed.TotalSeconds:0.0} s"));
    }

    private async Task<(ChildProcess, NodeTarget)> StartNodeAsync(string name, int cpPort, GitGateway.Plan.Model.RoutingPlan plan, LocalEchoBackends backends)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        await backends.WriteBackendsFileAsync(Path.Combine(dir, "backends.json"), CancellationToken.None);
        LocalCertificates.Write(plan, Path.Combine(dir, "certs"), TimeProvider.System);
        // Every port of the plan on a port of this node's own, or the second node could not bind them.
        var ports = plan.Listeners.Select(l => l.Port).Distinct().ToDictionary(p => p, _ => DemoPorts.Free());
        var admin = DemoPorts.Free();
        var process = new ChildProcess(name, Program("Proxy", "gitgateway-proxy.dll"), [
            "--control-plane", $"http://127.0.0.1:{cpPort}/", "--node-token-file", Path.Combine(_root, "node-token"), "--repository", "soak",
            "--backends", Path.Combine(dir, "backends.json"), "--listen", "127.0.0.1", "--port-map", string.Join(',', ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))),
            "--cert-dir", Path.Combine(dir, "certs"), "--admin-port", admin.ToString(CultureInfo.InvariantCulture),
            "--state-dir", Path.Combine(dir, "state"), "--node-name", name, "--access-log", "off"], Path.Combine(_root, name + ".log"));
        process.Start();
        return (process, new NodeTarget(name, ports[443], admin));
    }

    private static async Task WaitReadyAsync(NodeTarget node, TimeSpan timeout)
    {
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                using var ready = await admin.GetAsync(new Uri($"http://127.0.0.1:{node.AdminPort}/readyz"));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{node.Name} not ready after {timeout}");
    }

    private async Task<string> WriteServeConfigAsync(string work, int port)
    {
        var path = Path.Combine(_root, "serve.yaml");
        await File.WriteAllTextAsync(path, $"""
            listen: http://127.0.0.1:{port}
            stateDir: {_root}/control-plane
            nodeTokenFile: {_root}/node-token
            pollInterval: 60s
            ackTimeout: 10s
            rollout: {"{"}canaryNodes: 1, bake: 1s{"}"}
            repositories:
            - name: soak
              url: {work}
              allowFileUrls: true
              nodes: [node-a, node-b]

            """);
        return path;
    }

    private void Sample(string when, ChildProcess controlPlane, List<(ChildProcess Process, NodeTarget Target)> nodes)
    {
        var rss = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["control-plane"] = controlPlane.RssMiB(),
            ["soak (load + echo backends)"] = ChildProcess.ProcRss(Environment.ProcessId),
        };
        nodes.ForEach(n => rss[n.Process.Name] = n.Process.RssMiB());
        _samples.Add((when, rss));
    }

    private static async Task<string> StatusAsync(HttpClient http, int port)
    {
        try
        {
            return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/v1/status"));
        }
        catch (HttpRequestException e)
        {
            return "status unavailable: " + e.Message;
        }
    }

    private void Report(LoadDriver load, TimeSpan elapsed, string status)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"soak: {elapsed.TotalMinutes:0.0} min, {options.Workers} workers, a plan change every {options.ChangeEvery.TotalSeconds:0.#} s ({_commits} commits), a node killed every {options.KillEvery.TotalMinutes:0.#} min ({_kills} kills)");
        text.AppendLine(CultureInfo.InvariantCulture, $"requests {load.Requests} ({load.Requests / elapsed.TotalSeconds:0} /s), lost {load.Lost}, failed in flight on a killed node {load.InFlightOnKilled}");
        foreach (var (reason, count) in load.LostReasons.OrderByDescending(kv => kv.Value))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  lost: {count} × {reason}");
        }

        text.AppendLine("RSS (MiB)      " + string.Join("  ", _samples.Select(s => s.When.PadLeft(8))));
        foreach (var process in _samples[0].Rss.Keys)
        {
            text.AppendLine(process.PadRight(28)[..28] + " " + string.Join("  ", _samples.Select(s => (s.Rss.GetValueOrDefault(process) is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-").PadLeft(8))));
        }

        var revision = System.Text.RegularExpressions.Regex.Match(status, "\"revision\":(\\d+)");
        text.AppendLine("control plane at the end: revision " + (revision.Success ? revision.Groups[1].Value : "?"));
        output.Write(text.ToString());
    }

    private static string Program(string project, string dll)
    {
        var path = Path.Combine(SoakRepository.FindRoot(), "src", project, "bin", "Release", "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path}: build it first (dotnet build bench/soak -c Release)");
    }
}
