using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Conformance.Tests.Traffic;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// <c>weightedDistribution</c> (README section 3.2): 500 requests, 10 at a time; backend = pod name minus its
/// last two segments; every backend with weight &gt; 0 seen, no other, each share within the tolerance.
/// </summary>
internal sealed class Distribution(HttpProbe http, StreamProbes streams, BackendSet backends)
{
    private const int Attempts = 3;

    public async Task<string?> WeightedAsync(JsonElement item, JsonElement request, int port, CancellationToken ct)
    {
        var weights = item.GetProperty("weights").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        var expect = item.GetProperty("expect");
        var total = expect.TryGetProperty("totalRequests", out var t) ? t.GetInt32() : 500;
        var tolerance = expect.TryGetProperty("tolerance", out var tol) ? tol.GetDouble() : 0.05;
        var protocol = item.GetProperty("protocol").GetString();
        string? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var errors = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 10, CancellationToken = ct }, async (_, token) =>
            {
                var (pod, error) = await SampleAsync(protocol!, request, port, token);
                if (error is not null)
                {
                    errors.Add(error);
                    return;
                }

                counts.AddOrUpdate(BackendOf(pod), 1, (_, n) => n + 1);
            });
            last = Compare(weights, counts, errors, total, tolerance);
            if (last is null)
            {
                return null;
            }
        }

        return last;
    }

    private static string? Compare(Dictionary<string, double> weights, ConcurrentDictionary<string, int> counts, ConcurrentBag<string> errors, int total, double tolerance)
    {
        if (!errors.IsEmpty)
        {
            return $"{errors.Count} requests failed, e.g. {errors.First()}";
        }

        if (counts.Keys.FirstOrDefault(k => !weights.TryGetValue(k, out var w) || w == 0) is { } unexpected)
        {
            return $"backend {unexpected} served {counts[unexpected]} requests, want none";
        }

        foreach (var (backend, weight) in weights.Where(w => w.Value > 0))
        {
            var share = counts.GetValueOrDefault(backend) / (double)total;
            if (Math.Abs(share - weight) > tolerance)
            {
                return string.Create(CultureInfo.InvariantCulture, $"backend {backend} got {share:P1}, want {weight:P0} ± {tolerance:P0}");
            }
        }

        return null;
    }

    private async Task<(string Pod, string? Error)> SampleAsync(string protocol, JsonElement request, int port, CancellationToken ct)
    {
        switch (protocol)
        {
            case "grpc":
                var grpc = await streams.GrpcAsync(request, default, port, ct);
                return grpc.Pod.Length > 0 ? (grpc.Pod, null) : ("", grpc.Problem ?? "no pod in gRPC answer");
            case "tcp":
                var tcp = await streams.TcpAsync(request, default, port, ct);
                return (tcp.Pod, tcp.Problem);
            case "udp":
                var udp = await UdpProbe.EchoAsync(port, backends, ct);
                return (udp.Pod, udp.Problem);
            default:
                var uuid = Guid.NewGuid().ToString();
                var r = await http.SendAsync(request, port, s => s.Replace("${UUID}", uuid, StringComparison.Ordinal), ct);
                return r.Status == 200 && r.Echo.Pod.Length > 0 ? (r.Echo.Pod, null) : ("", r.Error ?? $"status {r.Status}");
        }
    }

    /// <summary>The Deployment name: the pod name minus its last two <c>-</c> segments.</summary>
    private static string BackendOf(string pod)
    {
        var parts = pod.Split('-');
        return parts.Length > 2 ? string.Join('-', parts[..^2]) : pod;
    }
}
