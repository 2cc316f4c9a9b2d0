using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// <c>gitgateway demo --self-check</c>: tries what the banner offers (<see cref="DemoProbes"/>: the canary, gRPC, TCP,
/// TLS passthrough, <c>/readyz</c> and <c>/metrics</c>); commits a routing change to the demo repository and measures
/// how long until the embedded node serves it (commit to serving); then commits a change that does not render and
/// checks that it is refused where an operator looks (<c>/v1/status</c> names the refusal and the revision still
/// serving) while the node keeps serving; reads <c>/metrics</c>; and checks that the console printed each kind of event
/// (<see cref="DemoEventLog"/>). Exits 0, or 1 naming the step that failed.
/// </summary>
internal static class DemoSelfCheck
{
    // How long a commit may take to be served or refused before the check fails. About a second on a quiet machine
    // (the line above says how long it took); on a loaded one a fetch and a render alone can take several.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(TextWriter output, DemoEndpoints endpoints, DemoEventLog events, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = DemoProbes.Client(endpoints.Port(443), null);
        if (!await WaitForAsync(client, "/", "store/store-web:8080", TimeSpan.FromSeconds(20), cancellationToken))
        {
            output.WriteLine("self-check: the node never served the seed plan");
            return 1;
        }

        var (probed, lines) = await DemoProbes.RunAsync(endpoints, cancellationToken);
        foreach (var line in lines)
        {
            output.WriteLine("self-check: " + line);
        }

        if (!probed)
        {
            output.WriteLine("self-check: the last part above does not answer as the banner says");
            return 1;
        }

        var work = endpoints.Repository;
        await File.WriteAllTextAsync(Path.Combine(work, "teams/store/routes/store-self-check.yaml"), """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: store-self-check, namespace: store}
            spec:
              parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
              hostnames: ["store.example.com"]
              rules:
              - matches: [{path: {type: PathPrefix, value: /self-check}}]
                backendRefs: [{name: store-api-v1, port: 8080}]
            """, cancellationToken);
        var started = time.GetTimestamp();
        Commit(work, "self-check route");
        var ok = await WaitForAsync(client, "/self-check", "store/store-api-v1:8080", Patience, cancellationToken);
        output.WriteLine(ok
            ? $"self-check: commit to serving in {time.GetElapsedTime(started).TotalMilliseconds:0} ms"
            : $"self-check: the new route was not served within {Patience.TotalSeconds:0} s");
        return ok && await RefusedAsync(output, endpoints, client, cancellationToken) == 0 ? await EventsAsync(output, events, cancellationToken) : 1;
    }

    // The console lines come from the reconcile loop, which may log "Applied" a moment after the node serves.
    private static async Task<int> EventsAsync(TextWriter output, DemoEventLog events, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (events.Missing().Count > 0 && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, cancellationToken);
        }

        if (events.Missing() is { Count: > 0 } missing)
        {
            output.WriteLine($"self-check: the console never printed these events: {string.Join(", ", missing)}");
            return 1;
        }

        output.WriteLine("self-check: the console printed each event: " + string.Join(", ", DemoEventLog.Kinds.Select(k => k.Kind)));
        return 0;
    }

    private static async Task<int> RefusedAsync(TextWriter output, DemoEndpoints endpoints, HttpClient client, CancellationToken cancellationToken)
    {
        const string broken = "teams/store/routes/store-self-check.yaml";
        var path = Path.Combine(endpoints.Repository, broken);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, cancellationToken)).Replace("store-api-v1", "no-such-service", StringComparison.Ordinal), cancellationToken);
        Commit(endpoints.Repository, "self-check: a route to a service nobody has");
        using var control = new HttpClient { BaseAddress = new Uri(endpoints.Control), Timeout = TimeSpan.FromSeconds(5) };
        control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoRunner.Token);
        var watch = Stopwatch.StartNew();
        string? error = null;
        while (error is null && watch.Elapsed < Patience)
        {
            using var status = JsonDocument.Parse(await control.GetStringAsync(new Uri("/v1/status", UriKind.Relative), cancellationToken));
            error = status.RootElement.GetProperty("error").GetString();
            await Task.Delay(50, cancellationToken);
        }

        // A broken file in a team's folder refuses that team alone (its last applied files keep serving).
        var named = error is not null && (error.Contains(broken, StringComparison.Ordinal) || error.Contains("teams/store/ refused", StringComparison.Ordinal));
        if (!named || !error!.Contains("keep", StringComparison.Ordinal))
        {
            output.WriteLine($"self-check: /v1/status does not show the refused commit (error: {error ?? "null"})");
            return 1;
        }

        output.WriteLine($"self-check: refused commit shown in /v1/status: {error}");
        if (!await WaitForAsync(client, "/self-check", "store/store-api-v1:8080", TimeSpan.FromSeconds(5), cancellationToken))
        {
            output.WriteLine("self-check: the node stopped serving the last good revision");
            return 1;
        }

        var metrics = await control.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        if (!metrics.Contains("gitgateway_applied_revision{repository=\"default\"} 2", StringComparison.Ordinal))
        {
            output.WriteLine("self-check: /metrics does not show revision 2 in force");
            return 1;
        }

        output.WriteLine("self-check: the node still serves revision 2; /metrics says gitgateway_applied_revision 2");
        return 0;
    }

    private static void Commit(string work, string message)
    {
        DemoRunner.Git(work, "add", "-A");
        DemoRunner.Git(work, "-c", "user.name=GitGateway demo", "-c", "user.email=demo@gitgateway.invalid", "commit", "--quiet", "-m", message);
    }

    private static async Task<bool> WaitForAsync(HttpClient client, string path, string backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                var body = await client.GetStringAsync(new Uri("https://store.example.com" + path), cancellationToken);
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.GetProperty("backend").GetString() == backend)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
            {
                // not serving yet
            }

            await Task.Delay(20, cancellationToken);
        }

        return false;
    }
}
