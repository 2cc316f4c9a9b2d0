using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Keep-alive HTTP/1.1 connections per backend endpoint (<c>host:port</c>): a connection is taken for one
/// exchange and given back only when the exchange ended cleanly with the connection still reusable; otherwise it is
/// closed. Idle connections are closed after the idle timeout and connections older than the maximum lifetime are not
/// reused, as the HttpClient path's PooledConnectionIdleTimeout and PooledConnectionLifetime
/// (<see cref="Upstream.UpstreamConnectionOptions"/>). While any connection is idle a timer trims the idle ones every
/// <see cref="TrimInterval"/> (<see cref="Http1EndpointPool.Trim"/>); with none idle it is not armed, so an idle node
/// does not wake for it. At most <c>maxPerEndpoint</c> connections are open to one endpoint; past that a request waits
/// in the endpoint's queue (<see cref="Http1EndpointPool.ReserveAsync"/>) for at most the connect timeout, as
/// HAProxy's <c>timeout queue</c> defaults to its <c>timeout connect</c>, and then has the connect timeout to connect.
/// </summary>
internal sealed class Http1ConnectionPool : IDisposable
{
    /// <summary>How often idle connections are trimmed while there are any: 1 s.</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Http1EndpointPool> _endpoints = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _maxLifetime;
    private readonly int _maxPerEndpoint;
    private readonly ITimer _trimmer;
    private int _trimArmed;
    private bool _disposed;

    public Http1ConnectionPool(TimeProvider time, TimeSpan connectTimeout, TimeSpan idleTimeout, TimeSpan maxLifetime, int maxPerEndpoint = int.MaxValue)
    {
        (_time, _connectTimeout, _idleTimeout, _maxLifetime, _maxPerEndpoint) = (time, connectTimeout, idleTimeout, maxLifetime, maxPerEndpoint);
        _trimmer = time.CreateTimer(static state => ((Http1ConnectionPool)state!).TrimIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Http1ConnectionPool(TimeProvider time)
        : this(time, TimeSpan.FromSeconds(5), Upstream.UpstreamConnectionOptions.Default.Http1ReuseBound, Upstream.UpstreamConnectionOptions.Default.MaxLifetime)
    {
    }

    /// <summary>Idle connections kept for an endpoint.</summary>
    public int IdleCount(string endpoint) => _endpoints.TryGetValue(endpoint, out var pool) ? pool.IdleCount : 0;

    /// <summary>Connections open to an endpoint: idle, in use, or being opened.</summary>
    public int OpenCount(string endpoint) => _endpoints.TryGetValue(endpoint, out var pool) ? pool.OpenCount : 0;

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

    /// <summary>
    /// A connection for a request that found none idle: a new one, or with the endpoint's bound reached one given back
    /// or opened in a closed one's slot after a wait in the queue. A failure to connect is a <see cref="SocketException"/>,
    /// a timeout (of the wait or the connect) a cancellation.
    /// </summary>
    public async Task<Http1Connection> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var pool = Pool(endpoint);
        while (await pool.ReserveAsync(_connectTimeout, cancellationToken) is { } given)
        {
            if (given.ReceiveBeforeReuse())
            {
                return given;
            }

            given.Dispose();
        }

        using var timeout = new CancellationTokenSource(_connectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await OpenAsync(pool, endpoint, linked.Token);
    }

    /// <summary>Keeps <paramref name="connection"/> idle for its endpoint; once the pool is disposed, closes it.</summary>
    public void Return(Http1Connection connection)
    {
        if (Volatile.Read(ref _disposed))
        {
            connection.Dispose();
            return;
        }

        Pool(connection.Endpoint).Return(connection);
        if (Volatile.Read(ref _trimArmed) == 0 && Interlocked.CompareExchange(ref _trimArmed, 1, 0) == 0)
        {
            ArmTrim();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _trimmer.Dispose();
        foreach (var pool in _endpoints.Values)
        {
            pool.Dispose();
        }
    }

    /// <summary>
    /// The timer's tick: trims every endpoint, and arms the next tick while any connection stays idle. Disarmed, it is
    /// armed again here if a connection came back meanwhile (the return that saw it armed did not arm it).
    /// </summary>
    private void TrimIdle()
    {
        var idle = 0;
        foreach (var pool in _endpoints.Values)
        {
            idle += pool.Trim();
        }

        if (idle == 0)
        {
            Volatile.Write(ref _trimArmed, 0);
            if (!_endpoints.Values.Any(p => p.IdleCount > 0) || Interlocked.CompareExchange(ref _trimArmed, 1, 0) != 0)
            {
                return;
            }
        }

        ArmTrim();
    }

    /// <summary>The next tick; none once the pool is disposed (a return or a tick racing the node's shutdown).</summary>
    private void ArmTrim()
    {
        try
        {
            _trimmer.Change(TrimInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>A new connection in the slot reserved for it; the slot goes back if it cannot be opened.</summary>
    private async Task<Http1Connection> OpenAsync(Http1EndpointPool pool, string endpoint, CancellationToken cancellationToken)
    {
        Socket? socket = null;
        var opened = false;
        try
        {
            var colon = endpoint.LastIndexOf(':');
            var host = endpoint[..colon].Trim('[', ']');
            var port = int.Parse(endpoint.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
            EndPoint remote = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            socket = new Socket(remote.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetworkV6 : remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            socket.NoDelay = true;
            await socket.ConnectAsync(remote, cancellationToken);
            opened = true;
            return new Http1Connection(socket, endpoint) { OpenedAt = _time.GetTimestamp(), Slot = pool };
        }
        finally
        {
            if (!opened)
            {
                socket?.Dispose();
                pool.ReleaseSlot();
            }
        }
    }

    private Http1EndpointPool Pool(string endpoint) =>
        _endpoints.TryGetValue(endpoint, out var pool) ? pool : _endpoints.GetOrAdd(endpoint, _ => new Http1EndpointPool(_time, _idleTimeout, _maxLifetime, _maxPerEndpoint));
}
