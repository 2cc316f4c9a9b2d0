using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// Admission and load shedding: <c>gitgateway_proxy_overload_active{trigger}</c> (1 while requests are shed for that
/// reason), <c>gitgateway_proxy_requests_shed_total{trigger}</c> (requests answered 503 by the shedder) and
/// <c>gitgateway_proxy_connections_refused_total{limit}</c> (connections closed at a listener's or the node's limit) and
/// <c>gitgateway_proxy_http2_header_floods_total</c> (HTTP/2 connections closed for a header block of too many frames).
/// </summary>
internal sealed class OverloadCounters
{
    public const string Connections = "connections";
    public const string Memory = "memory";
    public const string Listener = "listener";
    public const string Node = "node";

    private long _shedConnections;
    private long _shedMemory;
    private long _refusedListener;
    private long _refusedNode;
    private long _headerFloods;
    private volatile bool _activeConnections;
    private volatile bool _activeMemory;

    public void Shed(string trigger) => Interlocked.Increment(ref trigger == Memory ? ref _shedMemory : ref _shedConnections);

    public void ConnectionRefused(string limit) => Interlocked.Increment(ref limit == Node ? ref _refusedNode : ref _refusedListener);

    public void HeaderFlood() => Interlocked.Increment(ref _headerFloods);

    public void SetActive(string trigger, bool active)
    {
        if (trigger == Memory)
        {
            _activeMemory = active;
        }
        else
        {
            _activeConnections = active;
        }
    }

    public void Render(StringBuilder text)
    {
        text.Append("# TYPE gitgateway_proxy_overload_active gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_overload_active{{trigger=\"{Connections}\"}} {(_activeConnections ? 1 : 0)}\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_overload_active{{trigger=\"{Memory}\"}} {(_activeMemory ? 1 : 0)}\n");
        text.Append("# TYPE gitgateway_proxy_requests_shed_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_requests_shed_total{{trigger=\"{Connections}\"}} {Interlocked.Read(ref _shedConnections)}\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_requests_shed_total{{trigger=\"{Memory}\"}} {Interlocked.Read(ref _shedMemory)}\n");
        text.Append("# TYPE gitgateway_proxy_connections_refused_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_connections_refused_total{{limit=\"{Listener}\"}} {Interlocked.Read(ref _refusedListener)}\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_connections_refused_total{{limit=\"{Node}\"}} {Interlocked.Read(ref _refusedNode)}\n");
        text.Append("# TYPE gitgateway_proxy_http2_header_floods_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_http2_header_floods_total {Interlocked.Read(ref _headerFloods)}\n");
    }
}
