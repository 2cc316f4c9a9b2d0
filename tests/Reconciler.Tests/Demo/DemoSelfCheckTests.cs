using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Demo;

/// <summary>
/// <c>gitgateway demo --self-check</c> as <c>./run.sh demo --self-check</c> runs it: the built program in its own
/// process, with the demo's preferred ports already taken, and its temporary folder in a folder of the test's own.
/// It must pass, having tried every part the banner offers, and the console must carry each event the README promises.
/// </summary>
public sealed class DemoSelfCheckTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task SelfCheck_PreferredPortsTaken_PassesEveryPartPrintsEachEventAndLeavesNoTemporaryFolder()
    {
        using var dir = new TempDirectory();
        var temp = Directory.CreateDirectory(Path.Combine(dir.Path, "tmp")).FullName;
        using var http = Hold(18080);
        using var https = Hold(18443);

        var (exit, output) = await RunDemoAsync(temp);

        Assert.True(exit == 0, $"exit {exit}:\n{output}");
        foreach (var part in new[] { "self-check: canary: ", "self-check: gRPC: ", "self-check: TCP: ", "self-check: TLS passthrough: ", "self-check: /readyz: ",
            "self-check: commit to serving in ", "self-check: refused commit shown in /v1/status: ", "self-check: the console printed each event" })
        {
            Assert.Contains(part, output, StringComparison.Ordinal);
        }

        Assert.Contains("with X-Canary: always by store/store-api-v2:8080", output, StringComparison.Ordinal);
        Assert.Contains("certificate CN=demo passthrough backend", output, StringComparison.Ordinal);
        Assert.Matches(@"Fetched main at [0-9a-f]{40}", output);
        Assert.Matches(@"Rendered [0-9a-f]{12} in \d+ ms: 4 listeners, 0 errors", output);
        Assert.Matches(@"Refused .*teams/store/routes/store-self-check\.yaml:\d+:\d+: error BackendNotFound: ", output);
        Assert.Matches(@"Applied revision 1 to 1/1 nodes in \d+ ms", output);

        // A second demo (or anything else) on the preferred ports: the demo took others at once.
        var ports = output.Split('\n').Single(l => l.StartsWith("self-check: gateway ports ", StringComparison.Ordinal));
        Assert.DoesNotContain("127.0.0.1:18080,", ports, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:18443,", ports, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(temp, "gitgateway-demo-*"));
    }

    [Fact]
    public async Task SelfCheck_OutputJson_EveryLogLineIsOneJsonObjectWithTheEvents()
    {
        using var dir = new TempDirectory();

        var (exit, output) = await RunDemoAsync(dir.Path, "--output", "json");

        Assert.True(exit == 0, $"exit {exit}:\n{output}");
        var logLines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("self-check: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logLines);
        var messages = logLines.Select(l => Assert.IsType<JsonObject>(JsonNode.Parse(l))).Select(o => (string?)o["Message"] ?? "").ToList();
        Assert.Contains(messages, m => m.StartsWith("Fetched main at ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Applied revision 1 to 1/1 nodes in ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Refused ", StringComparison.Ordinal) && m.Contains("store-self-check.yaml:", StringComparison.Ordinal));
    }

    // Takes the port for the test when it is free; when something else has it, it is taken anyway.
    private static TcpListener? Hold(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }

    private static async Task<(int Exit, string Output)> RunDemoAsync(string temp, params string[] more)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = temp };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "gitgateway.dll"), "demo", "--self-check", "--seed", Cli.Cli.Example }.Concat(more))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TMPDIR"] = temp;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
