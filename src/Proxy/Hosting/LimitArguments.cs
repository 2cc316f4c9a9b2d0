using System.CommandLine;
using GitGateway.Proxy.Admission;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy.Hosting;

/// <summary>The node's connection and overload limits (<see cref="ConnectionLimits"/>, README "Limits and defaults"); every one has a default.</summary>
internal sealed class LimitArguments
{
    private static readonly ConnectionLimits Defaults = ConnectionLimits.Default;

    public Option<int> MaxConnections { get; } = NodeOption.Int(
        "--max-connections", "N", "Open connections on the whole node; more are closed at once.", 1, 10_000_000, Defaults.MaxConnectionsPerNode);

    public Option<int> MaxConnectionsPerListener { get; } = NodeOption.Int(
        "--max-connections-per-listener", "N", "Open connections on one listener port.", 1, 10_000_000, Defaults.MaxConnectionsPerListener);

    public Option<int> Http2MaxStreams { get; } = NodeOption.Int(
        "--http2-max-streams", "N", "Concurrent HTTP/2 streams per connection.", 1, 100_000, Defaults.Http2MaxStreams);

    public Option<int> RequestHeadersTimeout { get; } = NodeOption.Int(
        "--request-headers-timeout", "S", "Seconds a client has to send its request headers.", 1, 3_600, (int)Defaults.RequestHeadersTimeout.TotalSeconds);

    public Option<int> KeepAliveTimeout { get; } = NodeOption.Int(
        "--keep-alive-timeout", "S", "Seconds an idle client connection is kept.", 1, 86_400, (int)Defaults.KeepAliveTimeout.TotalSeconds);

    public Option<int> MaxRequestHeaders { get; } = NodeOption.Int(
        "--max-request-headers", "N", "Request header fields.", 1, 10_000, Defaults.MaxRequestHeaderCount);

    public Option<int> MaxRequestHeadersKb { get; } = NodeOption.Int(
        "--max-request-headers-kb", "N", "KiB of request header fields, and of one HTTP/2 field.", 1, 1_024, Defaults.MaxRequestHeadersTotalSize / 1024);

    public Option<int?> ShedConnections { get; } = NodeOption.OptionalInt(
        "--shed-connections", "N", "Above N open connections new requests get 503 and Connection: close (default 90% of --max-connections).", 1, 10_000_000);

    public Option<int?> ShedMemoryMb { get; } = NodeOption.OptionalInt(
        "--shed-memory-mb", "N", "Above N MiB of managed memory, the same (default 90% of what the GC may use).", 1, 16_777_216);

    public IReadOnlyList<Option> All =>
        [MaxConnections, MaxConnectionsPerListener, Http2MaxStreams, RequestHeadersTimeout, KeepAliveTimeout, MaxRequestHeaders, MaxRequestHeadersKb, ShedConnections, ShedMemoryMb];

    public ConnectionLimits Read(ParseResult parse) => Defaults with
    {
        MaxConnectionsPerNode = parse.GetValue(MaxConnections),
        MaxConnectionsPerListener = parse.GetValue(MaxConnectionsPerListener),
        Http2MaxStreams = parse.GetValue(Http2MaxStreams),
        RequestHeadersTimeout = TimeSpan.FromSeconds(parse.GetValue(RequestHeadersTimeout)),
        KeepAliveTimeout = TimeSpan.FromSeconds(parse.GetValue(KeepAliveTimeout)),
        MaxRequestHeaderCount = parse.GetValue(MaxRequestHeaders),
        MaxRequestHeadersTotalSize = parse.GetValue(MaxRequestHeadersKb) * 1024,
        ShedConnections = parse.GetValue(ShedConnections),
        ShedMemoryBytes = parse.GetValue(ShedMemoryMb) is { } mb ? mb * 1024L * 1024 : null,
    };
}
