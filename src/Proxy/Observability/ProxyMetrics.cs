using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// Node metrics in the Prometheus text format (https://prometheus.io/docs/instrumenting/exposition_formats/):
/// requests by route, backend and status, a latency histogram per route, abandoned mirror copies, active
/// connections and requests, and the plan revision. Counters are plain interlocked longs; a request touches
/// two dictionary entries (its counter and its route's histogram) that exist after their first use, so
/// recording does not allocate.
/// </summary>
internal sealed class ProxyMetrics
{
    private readonly ConcurrentDictionary<RequestKey, Counter> _requests = new();
    private readonly RouteLatencyHistograms _latency = new();
    private long _activeConnections;
    private long _activeRequests;
    private long _planApplied;
    private long _planRejected;
    private volatile string _planHash = "";
    private readonly ConcurrentDictionary<WafRuleKey, Counter> _wafMatches = new();
    private readonly ConcurrentDictionary<string, Counter> _wafBlocked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _connectErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _loopRestarts = new(StringComparer.Ordinal);

    /// <summary>Mirror copies given up (RequestMirror); the client's request is never affected by them.</summary>
    public MirrorCounters Mirrors { get; } = new();

    /// <summary>Connections refused at a limit, requests shed, and whether the node sheds now.</summary>
    public OverloadCounters Overload { get; } = new();

    /// <summary>Connections closed by the PROXY protocol acceptor, by reason.</summary>
    public ProxyProtocolCounters ProxyProtocol { get; } = new();

    /// <summary>How long the steps of the last plan load took, and the managed heap.</summary>
    public PlanLoadGauges PlanLoad { get; } = new();

    /// <summary>The regular expressions the node holds, and matches that timed out.</summary>
    public RegexCounters Regexes { get; } = new();

    /// <summary>Counts a connection opened; returns the node's open connections with it.</summary>
    public long ConnectionOpened() => Interlocked.Increment(ref _activeConnections);

    /// <summary>Open connections on the node now.</summary>
    public long ActiveConnections => Interlocked.Read(ref _activeConnections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _activeConnections);

    public void RequestStarted() => Interlocked.Increment(ref _activeRequests);

    public void RequestFinished(string route, string backend, int status, TimeSpan elapsed, string? error = null)
    {
        Interlocked.Decrement(ref _activeRequests);
        var counter = _requests.GetOrAdd(new RequestKey(route, backend, status), static _ => new Counter());
        Interlocked.Increment(ref counter.Value);
        _latency.Record(route, elapsed);
        if (error is "connect")
        {
            Interlocked.Increment(ref _connectErrors.GetOrAdd(route, static _ => new Counter()).Value);
        }
    }

    /// <summary>A supervised background loop of the node failed and was restarted.</summary>
    public void LoopRestarted(string loop) => Interlocked.Increment(ref _loopRestarts.GetOrAdd(loop, static _ => new Counter()).Value);

    /// <summary>Restarts of <paramref name="loop"/> so far.</summary>
    public long LoopRestarts(string loop) => _loopRestarts.TryGetValue(loop, out var counter) ? Interlocked.Read(ref counter.Value) : 0;

    /// <summary>Requests, 5xx answers and connect failures per route entry (requests no route matched left out).</summary>
    public IReadOnlyList<Sync.RouteCounters> RouteCounters()
    {
        return [.. _requests
            .Where(kv => kv.Key.Route.Length > 0)
            .GroupBy(kv => kv.Key.Route, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Sync.RouteCounters(
                g.Key,
                g.Sum(kv => Interlocked.Read(ref kv.Value.Value)),
                g.Where(kv => kv.Key.Status >= 500).Sum(kv => Interlocked.Read(ref kv.Value.Value)),
                _connectErrors.TryGetValue(g.Key, out var c) ? Interlocked.Read(ref c.Value) : 0))];
    }

    public void PlanApplied(string hash)
    {
        _planHash = hash;
        Interlocked.Increment(ref _planApplied);
    }

    public void PlanRejected() => Interlocked.Increment(ref _planRejected);

    public void WafMatched(string route, int rule) => Interlocked.Increment(ref _wafMatches.GetOrAdd(new WafRuleKey(route, rule), static _ => new Counter()).Value);

    public void WafBlocked(string route) => Interlocked.Increment(ref _wafBlocked.GetOrAdd(route, static _ => new Counter()).Value);

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# TYPE gitgateway_proxy_requests_total counter\n");
        foreach (var (key, counter) in _requests.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Backend, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_requests_total{{route=\"{Escape(key.Route)}\",backend=\"{Escape(key.Backend)}\",status=\"{key.Status}\"}} {Interlocked.Read(ref counter.Value)}\n");
        }

        _latency.Render(text, Escape);
        Mirrors.Render(text);
        Gauge(text, "gitgateway_proxy_active_connections", Interlocked.Read(ref _activeConnections));
        Gauge(text, "gitgateway_proxy_active_requests", Interlocked.Read(ref _activeRequests));
        Overload.Render(text);
        ProxyProtocol.Render(text);
        text.Append("# TYPE gitgateway_proxy_plan_info gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_plan_info{{hash=\"{Escape(_planHash)}\"}} 1\n");
        text.Append("# TYPE gitgateway_proxy_plan_applied_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_plan_applied_total {Interlocked.Read(ref _planApplied)}\n");
        text.Append("# TYPE gitgateway_proxy_plan_rejected_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_plan_rejected_total {Interlocked.Read(ref _planRejected)}\n");
        text.Append("# TYPE gitgateway_proxy_upstream_connect_errors_total counter\n");
        foreach (var (route, counter) in _connectErrors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_upstream_connect_errors_total{{route=\"{Escape(route)}\"}} {Interlocked.Read(ref counter.Value)}\n");
        }

        text.Append("# TYPE gitgateway_proxy_loop_restarts_total counter\n");
        foreach (var (loop, counter) in _loopRestarts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_loop_restarts_total{{loop=\"{Escape(loop)}\"}} {Interlocked.Read(ref counter.Value)}\n");
        }

        PlanLoad.Render(text);
        Regexes.Render(text);
        RenderWaf(text);
        return text.ToString();
    }

    private void RenderWaf(StringBuilder text)
    {
        text.Append("# TYPE gitgateway_waf_matches_total counter\n");
        foreach (var (key, counter) in _wafMatches.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Rule))
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_waf_matches_total{{route=\"{Escape(key.Route)}\",rule=\"{key.Rule}\"}} {Interlocked.Read(ref counter.Value)}\n");
        }

        text.Append("# TYPE gitgateway_waf_blocked_total counter\n");
        foreach (var (route, counter) in _wafBlocked.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_waf_blocked_total{{route=\"{Escape(route)}\"}} {Interlocked.Read(ref counter.Value)}\n");
        }
    }

    private static void Gauge(StringBuilder text, string name, long value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} gauge\n{name} {value}\n");
    }

    private static string Escape(string value) => PrometheusLabel.Escape(value);

    private readonly record struct RequestKey(string Route, string Backend, int Status);

    private readonly record struct WafRuleKey(string Route, int Rule);

    private sealed class Counter
    {
        public long Value;
    }
}
