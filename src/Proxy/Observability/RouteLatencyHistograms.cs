using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// <c>gitgateway_proxy_request_duration_seconds</c>, one Prometheus histogram per route entry id (label
/// <c>route</c>; requests that matched no route count under <c>route=""</c>), so the node-wide latency is
/// <c>sum by (le) (rate(gitgateway_proxy_request_duration_seconds_bucket[5m]))</c>. A route's bucket array is
/// allocated on its first request and then found by id: recording is a dictionary read and two interlocked
/// adds, no allocation. Series of routes that leave the plan stay until the node restarts, like
/// <c>gitgateway_proxy_requests_total</c>: dropping them on a plan swap would turn a route that is removed and
/// re-added into a counter reset, and their number is bounded by the routes the node has served.
/// </summary>
internal sealed class RouteLatencyHistograms
{
    private static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly string[] BoundLabels = [.. Bounds.Select(b => b.ToString(CultureInfo.InvariantCulture)), "+Inf"];
    private readonly ConcurrentDictionary<string, Histogram> _routes = new(StringComparer.Ordinal);

    public void Record(string route, TimeSpan elapsed)
    {
        if (!_routes.TryGetValue(route, out var histogram))
        {
            histogram = _routes.GetOrAdd(route, static _ => new Histogram());
        }

        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < Bounds.Length && seconds > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref histogram.Buckets[bucket]);
        Interlocked.Add(ref histogram.SumMicros, (long)(seconds * 1_000_000));
    }

    /// <summary>Appends the histogram family in the text exposition format, routes in ordinal order.</summary>
    public void Render(StringBuilder text, Func<string, string> escape)
    {
        text.Append("# TYPE gitgateway_proxy_request_duration_seconds histogram\n");
        foreach (var (route, histogram) in _routes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var label = escape(route);
            long cumulative = 0;
            for (var i = 0; i < BoundLabels.Length; i++)
            {
                cumulative += Interlocked.Read(ref histogram.Buckets[i]);
                text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_request_duration_seconds_bucket{{route=\"{label}\",le=\"{BoundLabels[i]}\"}} {cumulative}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_request_duration_seconds_sum{{route=\"{label}\"}} {Interlocked.Read(ref histogram.SumMicros) / 1e6}\n");
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_request_duration_seconds_count{{route=\"{label}\"}} {cumulative}\n"); // = the +Inf bucket, as the format requires
        }
    }

    private sealed class Histogram
    {
        public readonly long[] Buckets = new long[Bounds.Length + 1];
        public long SumMicros;
    }
}
