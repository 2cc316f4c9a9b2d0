using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Keep-alive HTTP/1.1 connections per backend endpoint (<c>host:port</c>): a connection is taken for one
/// exchange and given back only when the exchange ended cleanly with the connection still reusable; otherwise it is
/// closed. Idle connections are closed after the idle timeout and connections older than the maximum lifetime are not
/// reused, as the HttpClient path's PooledConnectionIdleTimeout and PooledConnectionLifetime
/// (<see cref="Upstream.UpstreamConnectionOptions"/>).
/// </summary>
internal sealed class Http1ConnectionPool(TimeProvider time, TimeSpan connectTimeout, TimeSpan idleTimeout, TimeSpan maxLifetime) : IDisposable
{
    private readonly ConcurrentDictionary<string, Http1EndpointPool> _endpoints = new(StringComparer.Ordinal);

    public Http1ConnectionPool(TimeProvider time)
        : this(time, TimeSpan.FromSeconds(5), Upstream.UpstreamConnectionOptions.Default.Http1ReuseBound, Upstream.UpstreamConnectionOptions.Default.MaxLifetime)
    {
    }

    /// <summary>Idle connections kept for an endpoint.</summary>
    public int IdleCount(string endpoint) => _endpoints.TryGetValue(endpoint, out var pool) ? pool.IdleCount : 0;

    /// <summary>
    /// An idle connection that still looks usable, with the receive of its answer posted, or null. That receive's
    /// first attempt is the check (<see cref="Http1Connection.ReceiveBeforeReuse"/>): one that ends at once means the
    /// backend closed the connection (EOF, a reset) or sent bytes nobody asked for, and it is closed instead of reused,
    /// as mature proxies do; only a close that crosses the request on the wire is left.
    /// </summary>
    public Http1Connection? TryTakeIdle(string endpoint)
    {
        var pool = Pool(endpoint);
        while (pool.TryTake() is { } connection)
        {
            if (connection.ReceiveBeforeReuse())
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    /// <summary>A new connection; a failure to connect is a <see cref="SocketException"/>, a timeout a cancellation.</summary>
    public async Task<Http1Connection> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = endpoint[..colon].Trim('[', ']');
        var port = int.Parse(endpoint.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
        EndPoint remote = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
        var socket = new Socket(remote.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetworkV6 : remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = true;
        }

        socket.NoDelay = true;
        using var timeout = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var connected = false;
        try
        {
            await socket.ConnectAsync(remote, linked.Token);
            connected = true;
            return new Http1Connection(socket, endpoint) { OpenedAt = time.GetTimestamp() };
        }
        finally
        {
            if (!connected)
            {
                socket.Dispose();
            }
        }
    }

    public void Return(Http1Connection connection) => Pool(connection.Endpoint).Return(connection);

    public void Dispose()
    {
        foreach (var pool in _endpoints.Values)
        {
            pool.Dispose();
        }
    }

    private Http1EndpointPool Pool(string endpoint) =>
        _endpoints.TryGetValue(endpoint, out var pool) ? pool : _endpoints.GetOrAdd(endpoint, _ => new Http1EndpointPool(time, idleTimeout, maxLifetime));
}
