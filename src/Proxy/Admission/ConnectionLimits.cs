namespace GitGateway.Proxy.Admission;

/// <summary>
/// What a node admits: connections per listener port and per node, HTTP/2 streams per connection, how long a client
/// may take to send its headers and may stay idle between requests, how many and how large its headers may be, and
/// when it starts shedding load. Every limit has a default (the README's table compares them with nginx and Envoy).
/// </summary>
internal sealed record ConnectionLimits
{
    public static ConnectionLimits Default { get; } = new();

    /// <summary>Open connections on one local port (a Gateway listener port); above it a new connection is closed at once.</summary>
    public int MaxConnectionsPerListener { get; init; } = 10_000;

    /// <summary>Open connections on all the node's ports together; above it a new connection is closed at once.</summary>
    public int MaxConnectionsPerNode { get; init; } = 50_000;

    /// <summary>Concurrent HTTP/2 streams a client may open on one connection (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public int Http2MaxStreams { get; init; } = 250;

    /// <summary>Time a client has to send a request's headers, from its first byte (slowloris).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time an idle client connection is kept between requests.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Request header fields, HTTP/1.1 and HTTP/2 alike; more answer 431 (HTTP/1.1) or reset the stream (HTTP/2).</summary>
    public int MaxRequestHeaderCount { get; init; } = 200;

    /// <summary>Bytes of request header fields, HTTP/1.1 and HTTP/2 (decoded) alike; also the bound of one HTTP/2 header field.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 64 * 1024;

    /// <summary>Open connections on the node above which new requests are shed (503, connection closed); null = 90 % of <see cref="MaxConnectionsPerNode"/>.</summary>
    public int? ShedConnections { get; init; }

    /// <summary>Managed memory in bytes above which new requests are shed; null = 90 % of the memory the GC may use (the container limit, if any).</summary>
    public long? ShedMemoryBytes { get; init; }

    /// <summary><see cref="ShedConnections"/> with its default applied.</summary>
    public int ShedConnectionsOrDefault => ShedConnections ?? (int)(MaxConnectionsPerNode * 9L / 10);

    /// <summary><see cref="ShedMemoryBytes"/> with its default applied.</summary>
    public long ShedMemoryBytesOrDefault => ShedMemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10 * 9;
}
