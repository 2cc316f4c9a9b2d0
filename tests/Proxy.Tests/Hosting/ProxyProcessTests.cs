using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>The real <c>gitgateway-proxy</c> process, driven through its command line as a harness would.</summary>
public sealed class ProxyProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>What each started node wrote on stderr (its log), by process id.</summary>
    private static readonly ConcurrentDictionary<int, ConcurrentQueue<string>> Logs = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_Flag_ListsEveryOptionWithItsDefaultAndExitsZero()
    {
        using var process = Start("--help");
        var output = await process.StandardOutput.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);

        Assert.Equal(0, process.ExitCode);
        Assert.All(new ProxyCommandLine().Command.Options, option => Assert.Contains(option.Name, output, StringComparison.Ordinal));
        Assert.Contains("--port-map <LIST>", output, StringComparison.Ordinal);
        Assert.Matches(@"--drain-seconds <N> +On SIGTERM.*\[default: 15\]", output);
        Assert.Matches(@"--unready-seconds <N> +On SIGTERM, answer /readyz 503.*\[default: 0\]", output);
        Assert.Matches(@"--max-connections <N> +.*\[default: 50000\]", output);
        Assert.Matches(@"--bfd-port <N> +.*\[default: 3784\]", output);
        Assert.Contains("--version", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Flag_PrintsTheRepositoryVersionTheImagesAreTaggedWith()
    {
        var props = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Directory.Build.props"), Token);
        var expected = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        using var process = Start("--version");
        var output = await process.StandardOutput.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);

        Assert.Equal(0, process.ExitCode);
        Assert.NotEmpty(expected);
        Assert.StartsWith(expected + "+", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--drain", "5", "'--drain'")]
    [InlineData("--admin-port", "http", "--admin-port 'http' is not a number from 0 to 65535")]
    public async Task UsageError_UnknownFlagOrBadValue_NamesTheFlagAndExitsTwo(string flag, string value, string message)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "gitgateway-proxy.dll"), "--plan", "plan.json", flag, value])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("gitgateway-proxy: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_PlanFileChangesAndSigterm_ReloadsServesAndDrains()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        using var run = NodeRun.Create();
        var planPath = run.PlanPath;
        var port = Ports.FreeTcp();
        var first = Of(Http(80, Host("*", Entry("first", Prefix("/first"), Service("v1")))));
        var process = await run.StartAsync(first, backend, $"80={port}", "--drain-seconds", "10");
        var (lines, admin) = await AppliedAsync(process, first);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        using var adminClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}"), Timeout = Patience };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/first", Token)).StatusCode);
        using var ready = await adminClient.GetAsync("/readyz", Token);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Token));
        Assert.Equal(PlanJson.Hash(first), readyBody.RootElement.GetProperty("planHash").GetString());
        Assert.Equal(80, Assert.Single(readyBody.RootElement.GetProperty("ports").EnumerateArray()).GetInt32());
        Assert.Contains("gitgateway_proxy_requests_total{route=\"httproute/infra/first/rule/0/match/0\"", await adminClient.GetStringAsync("/metrics", Token), StringComparison.Ordinal);

        var second = Of(Http(80, Host("*", Entry("second", Prefix("/second"), Service("v1")))));
        await File.WriteAllTextAsync(planPath, PlanJson.ToIndentedString(second), Token);
        Assert.Equal($"plan applied {PlanJson.Hash(second)}", await lines.WaitForAsync("plan applied "));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/first", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/second", Token)).StatusCode);

        await File.WriteAllTextAsync(planPath, "{ not a plan", Token);
        await WaitForAsync(() => Task.FromResult(Logs[process.Id].Any(l => l.Contains("is not a plan", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/second", Token)).StatusCode);

        await SigtermDrainsInFlightAsync(process, client, "/second");
    }

    [Fact]
    public async Task Cli_PlanWithCertificateThatDoesNotParse_RefusedThenNextRevisionTakenAndSigtermDrains()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        using var run = NodeRun.Create();
        var dir = run.Dir;
        Sync.SupervisedApplyTests.WriteGarbageSecret(Path.Combine(dir, "certs"), "infra", "broken");
        var planPath = run.PlanPath;
        var (port, tlsPort) = (Ports.FreeTcp(), Ports.FreeTcp());
        var route = Host("*", Entry("first", Prefix("/first"), Service("v1")));
        var first = Of(Http(80, route));
        var process = await run.StartAsync(first, backend, $"80={port},443={tlsPort}", "--cert-dir", Path.Combine(dir, "certs"), "--drain-seconds", "10");
        var (lines, admin) = await AppliedAsync(process, first);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        using var adminClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}"), Timeout = Patience };

        var tls = new GitGateway.Plan.Model.ListenerTls(GitGateway.Plan.Model.TlsMode.Terminate, [new GitGateway.Plan.Model.CertificateRef("Secret", "infra", "broken")], null);
        var bad = Of(Http(80, route), Listener("https", 443, GitGateway.Plan.Model.ListenerProtocol.HTTPS, null, tls, [route]));
        await File.WriteAllTextAsync(planPath, PlanJson.ToIndentedString(bad), Token);
        await WaitForAsync(async () => (await adminClient.GetStringAsync("/readyz", Token)).Contains(PlanJson.Hash(bad), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/first", Token)).StatusCode);

        var third = Of(Http(80, Host("*", Entry("third", Prefix("/third"), Service("v1")))));
        await File.WriteAllTextAsync(planPath, PlanJson.ToIndentedString(third), Token);
        Assert.Equal($"plan applied {PlanJson.Hash(third)}", await lines.WaitForAsync("plan applied "));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/third", Token)).StatusCode);

        await SigtermDrainsInFlightAsync(process, client, "/third");
    }

    [Fact]
    public async Task Cli_SigtermWithDrainZeroWhileConnectionsStayOpen_ExitsZeroWithoutWaitingForThem()
    {
        // A request the backend holds for a minute, an idle keep-alive connection, and a request half sent on the
        // listener and on the admin port: with --drain-seconds 0 none of them may hold the exit.
        await using var backend = await EchoBackend.StartAsync("v1");
        using var run = NodeRun.Create();
        var port = Ports.FreeTcp();
        var plan = Of(Http(80, Host("*", Entry("slow", Prefix("/slow"), Service("v1")))));
        var process = await run.StartAsync(plan, backend, $"80={port}", "--drain-seconds", "0");
        var (_, admin) = await AppliedAsync(process, plan);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        using var idle = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/slow", Token)).StatusCode);
        using var halfOnListener = await HalfSentRequestAsync(port);
        using var halfOnAdmin = await HalfSentRequestAsync(admin);
        var inFlight = client.GetAsync("/slow?delay=60000", Token);
        await Task.Delay(300, Token);

        Assert.Equal(0, Terminate(process.Id));
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        exit.CancelAfter(Patience); // half the backend's hold: waiting for the held request would fail here
        var exited = await process.WaitForExitAsync(exit.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

        Assert.True(exited, $"still running {Patience.TotalSeconds} s after SIGTERM with --drain-seconds 0");
        Assert.Equal(0, process.ExitCode);
        HttpStatusCode? answered = null;
        var cut = await Record.ExceptionAsync(async () => answered = (await inFlight).StatusCode);
        Assert.True(cut is not null || answered != HttpStatusCode.OK, "the held request was answered 200 although the node exited first");
    }

    [Fact]
    public async Task Cli_SigtermWithUnreadySeconds_ReadyzSays503WhileTheListenerStillServesThenExits()
    {
        // A load balancer checking /readyz must see the node leave before its listener stops accepting.
        await using var backend = await EchoBackend.StartAsync("v1");
        using var run = NodeRun.Create();
        var port = Ports.FreeTcp();
        var plan = Of(Http(80, Host("*", Entry("web", Prefix("/web"), Service("v1")))));
        var process = await run.StartAsync(plan, backend, $"80={port}", "--drain-seconds", "1", "--unready-seconds", "10");
        var (_, admin) = await AppliedAsync(process, plan);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        using var adminClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}"), Timeout = Patience };
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync("/readyz", Token)).StatusCode);

        Assert.Equal(0, Terminate(process.Id));
        await WaitForAsync(async () => (await adminClient.GetAsync("/readyz", Token)).StatusCode == HttpStatusCode.ServiceUnavailable);
        using var fresh = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        var served = await fresh.GetAsync("/web", Token);
        var stillRunning = !process.HasExited;

        Assert.Equal(HttpStatusCode.OK, served.StatusCode); // a new connection, accepted while not ready
        Assert.True(stillRunning, "the node exited before its --unready-seconds were over");
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        exit.CancelAfter(Patience);
        await process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task<System.Net.Sockets.TcpClient> HalfSentRequestAsync(int port)
    {
        var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port, Token);
        await socket.GetStream().WriteAsync("GET /slow HTTP/1.1\r\nHost: half\r\n"u8.ToArray(), Token);
        return socket;
    }

    /// <summary>Waits until the node printed its admin port and applied <paramref name="plan"/>; the reader of its later lines and the admin port.</summary>
    private static async Task<(LineWaiter Lines, int Admin)> AppliedAsync(Process process, GitGateway.Plan.Model.RoutingPlan plan)
    {
        var lines = new LineWaiter(process);
        var admin = int.Parse((await lines.WaitForAsync("admin listening on 127.0.0.1:")).Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"plan applied {PlanJson.Hash(plan)}", await lines.WaitForAsync("plan applied "));
        return (lines, admin);
    }

    /// <summary>SIGTERM while a request to <paramref name="path"/> is in flight: it is still answered 200, and the node exits 0.</summary>
    private static async Task SigtermDrainsInFlightAsync(Process process, HttpClient client, string path)
    {
        var inFlight = client.GetAsync(path + "?delay=1500", Token);
        await Task.Delay(300, Token);
        Assert.Equal(0, Terminate(process.Id));
        Assert.Equal(HttpStatusCode.OK, (await inFlight).StatusCode);
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        exit.CancelAfter(Patience);
        await process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Token);
        }

        Assert.Fail("the condition never held");
    }

    /// <summary>
    /// One node process on its own scratch directory, started on a plan and a backend map written there; disposing
    /// kills the node if it still runs and deletes the directory.
    /// </summary>
    private sealed class NodeRun : IDisposable
    {
        private Process? _process;

        private NodeRun(string dir) => Dir = dir;

        public string Dir { get; }

        public string PlanPath => Path.Combine(Dir, "plan.json");

        public static NodeRun Create() => new(Directory.CreateTempSubdirectory("gg-cli-").FullName);

        public async Task<Process> StartAsync(GitGateway.Plan.Model.RoutingPlan plan, EchoBackend backend, string portMap, params string[] more)
        {
            await File.WriteAllTextAsync(PlanPath, PlanJson.ToIndentedString(plan), Token);
            await File.WriteAllTextAsync(Path.Combine(Dir, "backends.json"), JsonSerializer.Serialize(ProxyHost.Backends(backend)), Token);
            _process = Start(
                ["--plan", PlanPath, "--backends", Path.Combine(Dir, "backends.json"), "--listen", "127.0.0.1", "--port-map", portMap,
                 "--admin-port", "0", "--state-dir", Path.Combine(Dir, "state"), "--node-name", "cli-test", .. more]);
            return _process;
        }

        public void Dispose()
        {
            if (_process is { } process)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }

            Directory.Delete(Dir, recursive: true);
        }
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gitgateway-proxy.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var log = Logs.GetOrAdd(process.Id, _ => new ConcurrentQueue<string>());
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private static int Terminate(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    /// <summary>Reads the process's stdout and waits for lines with a given start.</summary>
    private sealed class LineWaiter
    {
        private readonly Process _process;

        public LineWaiter(Process process) => _process = process;

        public async Task<string> WaitForAsync(string prefix)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
            timeout.CancelAfter(Patience);
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"the proxy exited before printing '{prefix}'");
        }
    }
}
