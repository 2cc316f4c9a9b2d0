using System.Globalization;
using GitGateway.Proxy.Admission;

namespace GitGateway.Proxy.Hosting;

/// <summary>Reads the node's connection and overload limits (<see cref="ConnectionLimits"/>) from its command line; every one has a default.</summary>
internal static class LimitArguments
{
    public static readonly string[] Names =
    [
        "max-connections", "max-connections-per-listener", "http2-max-streams", "request-headers-timeout", "keep-alive-timeout",
        "max-request-headers", "max-request-headers-kb", "shed-connections", "shed-memory-mb",
    ];

    public const string Usage = """
          --max-connections N    open connections on the whole node; more are closed at once (default 50000)
          --max-connections-per-listener N
                                 open connections on one listener port (default 10000)
          --http2-max-streams N  concurrent HTTP/2 streams per connection (default 250)
          --request-headers-timeout S
                                 seconds a client has to send its request headers (default 15)
          --keep-alive-timeout S seconds an idle client connection is kept (default 120)
          --max-request-headers N
                                 request header fields (default 200)
          --max-request-headers-kb N
                                 KiB of request header fields, and of one HTTP/2 field (default 64)
          --shed-connections N   above N open connections new requests get 503 and Connection: close
                                 (default 90% of --max-connections)
          --shed-memory-mb N     above N MiB of managed memory, the same (default 90% of what the GC may use)
        """;

    /// <summary>The limits, or null with an error.</summary>
    public static ConnectionLimits? Build(IReadOnlyDictionary<string, string> values, out string? error)
    {
        error = null;
        var limits = ConnectionLimits.Default;
        int? Read(string name, int max)
        {
            if (!values.TryGetValue(name, out var text))
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            {
                throw new FormatException($"--{name} is a number from 1 to {max}");
            }

            return value;
        }

        try
        {
            limits = limits with
            {
                MaxConnectionsPerNode = Read("max-connections", 10_000_000) ?? limits.MaxConnectionsPerNode,
                MaxConnectionsPerListener = Read("max-connections-per-listener", 10_000_000) ?? limits.MaxConnectionsPerListener,
                Http2MaxStreams = Read("http2-max-streams", 100_000) ?? limits.Http2MaxStreams,
                RequestHeadersTimeout = Read("request-headers-timeout", 3_600) is { } headers ? TimeSpan.FromSeconds(headers) : limits.RequestHeadersTimeout,
                KeepAliveTimeout = Read("keep-alive-timeout", 86_400) is { } idle ? TimeSpan.FromSeconds(idle) : limits.KeepAliveTimeout,
                MaxRequestHeaderCount = Read("max-request-headers", 10_000) ?? limits.MaxRequestHeaderCount,
                MaxRequestHeadersTotalSize = (Read("max-request-headers-kb", 1_024) ?? limits.MaxRequestHeadersTotalSize / 1024) * 1024,
                ShedConnections = Read("shed-connections", 10_000_000),
                ShedMemoryBytes = Read("shed-memory-mb", 16_777_216) is { } mb ? mb * 1024L * 1024 : null,
            };
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }

        return limits;
    }
}
