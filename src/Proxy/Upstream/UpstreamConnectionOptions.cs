namespace GitGateway.Proxy.Upstream;

/// <summary>
/// How long a node keeps a connection to an endpoint: an idle one is closed after <paramref name="IdleTimeout"/>, and
/// any is retired (not reused, closed once its exchanges end) after <paramref name="MaxLifetime"/>, so long-lived
/// HTTP/2 and keep-alive connections move to new pods and follow DNS changes.
/// </summary>
internal sealed record UpstreamConnectionOptions(TimeSpan IdleTimeout, TimeSpan MaxLifetime)
{
    /// <summary>90 s idle (below the common 120 s of backend servers' keep-alive), 5 minutes lifetime.</summary>
    public static UpstreamConnectionOptions Default { get; } = new(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));

    /// <summary>
    /// How long an idle HTTP/1.1 keep-alive connection may be reused (the smaller of this and <see cref="IdleTimeout"/>
    /// applies): 4 s by default, below the 5 s keep-alive of Node.js, Apache httpd and uvicorn, so the proxy retires
    /// a connection before such a backend closes it under a request (RFC 9112 §9.3.1). HTTP/1.1 has no GOAWAY to
    /// announce that close; HTTP/2 keeps <see cref="IdleTimeout"/>.
    /// </summary>
    public TimeSpan Http1IdleTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How many connections a node opens to one backend endpoint at most (idle, in use or being opened); a request
    /// past it waits for one in a queue, as HAProxy's <c>maxconn</c> per server and nginx's <c>max_conns</c> bound them.
    /// 128 by default: without a bound h2c load through a node opened one connection per stream in flight (640 under
    /// h2load -c64 -m10), and 64 to 256 served the same load at the same CPU per request (bench/node/README.md, 2026-12-07 18:39).
    /// </summary>
    public int MaxConnectionsPerEndpoint { get; init; } = 128;

    /// <summary>The idle bound of the HTTP/1.1 keep-alive pool.</summary>
    public TimeSpan Http1ReuseBound => Http1IdleTimeout < IdleTimeout ? Http1IdleTimeout : IdleTimeout;
}
