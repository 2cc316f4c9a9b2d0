using System.Runtime.CompilerServices;
using GitGateway.Proxy.Observability;
using Microsoft.AspNetCore.Connections;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Counts open connections per listener port and for the whole node, and closes a new connection at once when either
/// is at its limit (as Envoy's listener <c>max_connections</c> and <c>global_downstream_max_connections</c> do). It is
/// the first connection middleware of every port, so a refused connection costs no TLS handshake and no parse.
/// </summary>
internal sealed class ConnectionGate(ConnectionLimits limits, ProxyMetrics metrics)
{
    /// <summary>Open connections on the node now (the count the metrics publish).</summary>
    public long Active => metrics.ActiveConnections;

    /// <summary>The middleware of one port, with its own count.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> ForListener()
    {
        var listener = new StrongBox<int>();
        return next => connection => AdmitAsync(listener, connection, next);
    }

    private async Task AdmitAsync(StrongBox<int> listener, ConnectionContext connection, ConnectionDelegate next)
    {
        var onListener = Interlocked.Increment(ref listener.Value);
        var onNode = metrics.ConnectionOpened();
        try
        {
            if (onListener > limits.MaxConnectionsPerListener || onNode > limits.MaxConnectionsPerNode)
            {
                metrics.Overload.ConnectionRefused(onListener > limits.MaxConnectionsPerListener ? OverloadCounters.Listener : OverloadCounters.Node);
                connection.Abort(new ConnectionAbortedException("connection limit"));
                return;
            }

            await next(connection);
        }
        finally
        {
            metrics.ConnectionClosed();
            Interlocked.Decrement(ref listener.Value);
        }
    }
}
