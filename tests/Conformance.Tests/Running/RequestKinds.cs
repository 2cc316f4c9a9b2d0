using System.Collections.Concurrent;
using System.Text.Json;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Conformance.Tests.Traffic;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>Dispatches a request item by <c>kind</c> and <c>protocol</c> (README section 3.2) and checks it.</summary>
internal sealed class RequestKinds(CaseEnvironment env, HttpProbe http, StreamProbes streams)
{
    /// <summary>The Services only routes applied in this phase reference (see <see cref="CaseManifests.BackendsAppliedIn"/>).</summary>
    public IReadOnlySet<(string Ns, string Name)> NewerBackends { get; init; } = new HashSet<(string, string)>();

    public Task<string?> RunAsync(JsonElement item, CancellationToken ct)
    {
        var kind = item.GetProperty("kind").GetString();
        var protocol = item.GetProperty("protocol").GetString();
        var request = item.TryGetProperty("request", out var r) ? r : default;
        var expect = item.TryGetProperty("expect", out var e) ? e : default;
        var port = env.LocalPort(item.GetProperty("gateway"), Str(request, "scheme") ?? protocol!);
        return (kind, protocol) switch
        {
            ("expectResponse", "http" or "https") => Converge.InARowAsync(3, t => HttpOnceAsync(request, expect, port, NewSubstitution(port), t), ct),
            ("expectFailure", "http") => ExpectHttpFailureAsync(request, port, ct),
            ("expectTLSRequestFailure", _) => ExpectTlsFailureAsync(request, port, ct),
            ("expectResponse", "grpc") or ("expectFailure", "grpc") => Converge.InARowAsync(3, async t => (await streams.GrpcAsync(request, expect, port, t)).Problem, ct),
            ("expectResponse", "tcp" or "tls") => Converge.InARowAsync(3, async t => (await streams.TcpAsync(request, expect, port, t)).Problem, ct),
            ("expectEcho", "tcp") => Converge.InARowAsync(1, async t => (await streams.TcpAsync(request, default, port, t)).Problem, ct),
            ("expectConnect", "tcp") => Converge.InARowAsync(1, t => StreamProbes.ConnectAsync(port, t), ct),
            ("expectConnectionRejected", "tls") => Converge.InARowAsync(3, t => StreamProbes.RejectedAsync(request, port, t), ct),
            ("expectWebSocketEcho", _) => Converge.InARowAsync(1, t => StreamProbes.WebSocketAsync(request, port, t), ct),
            ("weightedDistribution", _) => new Distribution(http, streams, env.Backends).WeightedAsync(item, request, port, ct),
            ("expectEcho", "udp") => Converge.InARowAsync(1, async t => (await UdpProbe.EchoAsync(port, env.Backends, t)).Problem, ct),
            ("expectEchoFromBackend", "udp") => Converge.InARowAsync(3, t => UdpFromBackendAsync(expect, port, t), ct),
            ("mirrorPercentage", "http") => MirrorPercentageAsync(request, expect, port, ct),
            ("expectBackendMatchesHeader", "http") => BackendHeaderAsync(request, item, port, ct),
            ("expectBackendSamples", "tcp") => BackendSamplesAsync(request, expect, item, port, ct),
            ("expectBackendSamples", "udp") => UdpSamplesAsync(item, port, ct),
            _ => Task.FromResult<string?>($"request kind {kind}/{protocol} is not supported by the harness"),
        };
    }

    /// <summary>Placeholders (README 3.2): one UUID per request item, a fresh one per attempt for the retry simulator.</summary>
    private static Func<string, string> NewSubstitution(int port)
    {
        var uuid = Guid.NewGuid().ToString();
        return s => s.Replace("${UUID}", uuid, StringComparison.Ordinal).Replace("${GATEWAY_ADDRESS}", $"127.0.0.1:{port}", StringComparison.Ordinal);
    }

    private async Task<string?> HttpOnceAsync(JsonElement request, JsonElement expect, int port, Func<string, string> substitute, CancellationToken ct)
    {
        if ((Str(request, "path") ?? "").Contains("/retry", StringComparison.Ordinal))
        {
            substitute = NewSubstitution(port);
        }

        var result = await http.SendAsync(request, port, substitute, ct);
        var problem = HttpExpectation.Check(expect, request, result, substitute);
        if (problem is not null || !expect.TryGetProperty("mirroredTo", out var mirrors) || result.Status is not (200 or 204))
        {
            return problem;
        }

        return await MirroredAsync(mirrors, result.RequestPath, ct);
    }

    /// <summary>Every listed mirror backend must log the request URI (fire-and-forget: allow it a moment to land).</summary>
    private async Task<string?> MirroredAsync(JsonElement mirrors, string requestUri, CancellationToken ct)
    {
        foreach (var m in mirrors.EnumerateArray())
        {
            var (ns, name) = (m.GetProperty("namespace").GetString()!, m.GetProperty("name").GetString()!);
            var seen = false;
            for (var i = 0; i < 40 && !seen; i++)
            {
                seen = env.Backends.Named(ns, name).Any(s => s.CountEchoes(requestUri) > 0);
                if (!seen)
                {
                    await Task.Delay(50, ct);
                }
            }

            if (!seen)
            {
                return $"mirror {ns}/{name} never saw {requestUri}";
            }
        }

        return null;
    }

    private async Task<string?> ExpectHttpFailureAsync(JsonElement request, int port, CancellationToken ct)
    {
        var substitute = NewSubstitution(port);
        return await Converge.InARowAsync(1, async t =>
        {
            var r = await http.SendAsync(request, port, substitute, t);
            return r.Status switch
            {
                200 => "status 200, want an error",
                0 or 408 or 504 => $"not yet: {r.Error ?? r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                _ => null,
            };
        }, ct);
    }

    private async Task<string?> ExpectTlsFailureAsync(JsonElement request, int port, CancellationToken ct)
    {
        var substitute = NewSubstitution(port);
        return await Converge.InARowAsync(1, async t =>
        {
            // A fresh probe per attempt: a pooled connection from an earlier handshake must not be reused.
            using var fresh = new HttpProbe(CaseEnvironment.Secrets);
            var r = await fresh.SendAsync(request, port, substitute, t);
            return r.Error is not null ? null : $"got HTTP {r.Status}, want a TLS/connection failure";
        }, ct);
    }

    private async Task<string?> MirrorPercentageAsync(JsonElement request, JsonElement expect, int port, CancellationToken ct)
    {
        var distribution = expect.GetProperty("mirrorDistribution")[0];
        var bounds = distribution.GetProperty("acceptMirroredCountBetween");
        var total = distribution.GetProperty("totalRequests").GetInt32();
        string? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var substitute = NewSubstitution(port);
            var problems = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 10, CancellationToken = ct }, async (_, t) =>
            {
                var r = await http.SendAsync(request, port, substitute, t);
                if (HttpExpectation.Check(expect, request, r, substitute) is { } p)
                {
                    problems.Add(p);
                }
            });
            await Task.Delay(1000, ct);
            var uri = substitute(Str(request, "path")!);
            var mirrored = env.Backends.Named(distribution.GetProperty("namespace").GetString()!, distribution.GetProperty("backend").GetString()!)
                .Sum(s => s.CountEchoes(uri));
            var (lo, hi) = (bounds[0].GetDouble(), bounds[1].GetDouble());
            last = !problems.IsEmpty ? $"{problems.Count} responses failed, e.g. {problems.First()}"
                : mirrored < lo || mirrored > hi ? $"mirrored {mirrored} of {total}, want between {lo} and {hi}"
                : null;
            if (last is null)
            {
                return null;
            }
        }

        return last;
    }

    private async Task<string?> BackendHeaderAsync(JsonElement request, JsonElement item, int port, CancellationToken ct)
    {
        var header = item.GetProperty("expect").GetProperty("backendSeesHeaderEqualsBackend").GetString()!;
        var repeat = item.TryGetProperty("repeat", out var r) ? r.GetInt32() : 100;
        var substitute = NewSubstitution(port);
        for (var i = 0; i < repeat; i++)
        {
            var result = await http.SendAsync(request, port, substitute, ct);
            if (result.Error is not null || result.Status != 200)
            {
                return $"request {i}: {result.Error ?? "status " + result.Status}";
            }

            if (!result.Echo.Headers.TryGetValue(header, out var values) || values.Count != 1 || !result.Echo.Pod.StartsWith(values[0], StringComparison.Ordinal))
            {
                return $"request {i}: pod '{result.Echo.Pod}' saw {header}: [{string.Join(",", values ?? [])}]";
            }
        }

        return null;
    }

    private async Task<string?> BackendSamplesAsync(JsonElement request, JsonElement expect, JsonElement item, int port, CancellationToken ct)
    {
        var prefix = Str(expect, "backendPrefix")!;
        var not = Str(expect, "notBackendPrefix");
        var repeat = item.TryGetProperty("repeat", out var r) ? r.GetInt32() : 100;
        for (var i = 0; i < repeat; i++)
        {
            var (problem, pod) = await streams.TcpAsync(request, default, port, ct);
            if (problem is not null)
            {
                return $"probe {i}: {problem}";
            }

            if (!pod.StartsWith(prefix, StringComparison.Ordinal) || (not is not null && pod.StartsWith(not, StringComparison.Ordinal)))
            {
                return $"probe {i}: served by pod '{pod}', want prefix {prefix}";
            }
        }

        return null;
    }

    /// <summary>
    /// <c>expectEchoFromBackend</c>: the datagram is echoed by a pod of the Service the upstream helper names
    /// (<c>helperArgs[0]</c>: Service and Namespace; each test's Deployment has the Service's name).
    /// </summary>
    /// <summary>
    /// UDP samples (the data holds no pod prefix, only "answered by the backend of the older UDPRoute"): every
    /// datagram, each from a fresh socket, must be echoed, and never by a pod of a Service that only the routes
    /// applied in this phase (the newer ones) reference.
    /// </summary>
    private async Task<string?> UdpSamplesAsync(JsonElement item, int port, CancellationToken ct)
    {
        var repeat = item.TryGetProperty("repeat", out var r) ? r.GetInt32() : 20;
        for (var i = 0; i < repeat; i++)
        {
            var (problem, pod) = await UdpProbe.EchoAsync(port, env.Backends, ct);
            if (problem is not null)
            {
                return $"datagram {i}: {problem}";
            }

            if (NewerBackends.FirstOrDefault(b => env.Backends.Named(b.Ns, b.Name).Any(s => s.Options.Pod == pod)) is { Name: not null } newer)
            {
                return $"datagram {i}: echoed by pod '{pod}' of Service {newer.Ns}/{newer.Name}, which only the newer route references";
            }
        }

        return null;
    }

    private async Task<string?> UdpFromBackendAsync(JsonElement expect, int port, CancellationToken ct)
    {
        var target = expect.GetProperty("helperArgs")[0];
        var (ns, service) = (target.GetProperty("Namespace").GetString()!, target.GetProperty("Service").GetString()!);
        var (problem, pod) = await UdpProbe.EchoAsync(port, env.Backends, ct);
        return problem ?? (env.Backends.Named(ns, service).Any(s => s.Options.Pod == pod) ? null : $"echoed by pod '{pod}', want a pod of Service {ns}/{service}");
    }

    private static string? Str(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
