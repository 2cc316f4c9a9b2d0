using System.Diagnostics;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Tests.Observability;

/// <summary>
/// The node's <c>/metrics</c> text read by a parser we did not write: the Prometheus project's own Python client
/// (<c>prometheus_client.parser</c>, Debian's <c>python3-prometheus-client</c>), so a mistake shared by our writer and
/// our test reader (<see cref="GitGateway.Fixtures.Metrics.PrometheusText"/>) cannot hide. Route ids and backend names
/// come from Git: quotes, backslashes, newlines and a forged <c># TYPE</c> line must come back as the same strings.
/// </summary>
public sealed class PrometheusClientParserTests
{
    private const string HostileRoute = "httproute/team/a\"b\\c\nd{x=\"1\"}/rule/0/match/0";
    private const string HostileBackend = "ns/svc\n# TYPE evil counter\nevil 1";

    private const string DebianPython = "/usr/bin/python3";

    private const string Reader = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
        json.dump(out, sys.stdout)
        """;

    [Fact]
    public async Task Render_HostileLabelValues_PrometheusClientParserReadsTheSameValues()
    {
        var metrics = new ProxyMetrics();
        metrics.RequestStarted();
        metrics.RequestFinished(HostileRoute, HostileBackend, 503, TimeSpan.FromMilliseconds(3));
        metrics.PlanApplied("sha256:\"\n");
        metrics.WafMatched(HostileRoute, 7);
        metrics.WafBlocked(HostileRoute);

        var samples = await ParseAsync(metrics.Render());

        var request = Assert.Single(samples, s => s.GetProperty("name").GetString() == "gitgateway_proxy_requests_total");
        Assert.Equal(HostileRoute, request.GetProperty("labels").GetProperty("route").GetString());
        Assert.Equal(HostileBackend, request.GetProperty("labels").GetProperty("backend").GetString());
        Assert.Equal(1, request.GetProperty("value").GetDouble());
        Assert.Equal("sha256:\"\n", Assert.Single(samples, s => s.GetProperty("name").GetString() == "gitgateway_proxy_plan_info").GetProperty("labels").GetProperty("hash").GetString());
        Assert.Contains(samples, s => s.GetProperty("name").GetString() == "gitgateway_proxy_request_duration_seconds_bucket" && s.GetProperty("type").GetString() == "histogram");
        Assert.DoesNotContain(samples, s => s.GetProperty("family").GetString() == "evil");
    }

    private static async Task<List<JsonElement>> ParseAsync(string text)
    {
        // Debian's interpreter, which the Debian package serves (a python3 earlier on PATH, e.g. pyenv's, may not have it).
        var python = File.Exists(DebianPython) ? DebianPython : Peer.Require("python3", "python3-prometheus-client");
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Reader);
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        await process.StandardInput.WriteAsync(text.AsMemory(), timeout.Token);
        process.StandardInput.Close();
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

        var error = await stderr;
        if (error.Contains("No module named 'prometheus_client'", StringComparison.Ordinal))
        {
            var message = "the Prometheus Python client is missing: install the Debian package 'python3-prometheus-client'";
            Assert.True(!Peer.OnCi, message);
            Assert.Skip(message);
        }

        Assert.True(process.ExitCode == 0, $"prometheus_client refused the text: {error}\n{text}");
        return [.. JsonDocument.Parse(await stdout).RootElement.EnumerateArray()];
    }
}
