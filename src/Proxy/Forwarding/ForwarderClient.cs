using System.Net;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The one upstream client of a node: SocketsHttpHandler pools connections per endpoint, so every backend keeps
/// warm keep-alive (HTTP/1.1) or multiplexed (h2c) connections. Nothing a browser would do is on: no proxy, no
/// redirects, no cookies, no decompression, no tracing headers.
/// </summary>
internal static class ForwarderClient
{
    public static HttpMessageInvoker Create(TimeSpan connectTimeout, Upstream.UpstreamConnectionOptions? connections = null) =>
        new(Handler(connectTimeout, connections), disposeHandler: true);

    /// <summary>The handler every upstream client of a node starts from (the TLS clients of BackendTLSPolicy add their own dialling).</summary>
    public static SocketsHttpHandler Handler(TimeSpan connectTimeout, Upstream.UpstreamConnectionOptions? connections = null)
    {
        var ages = connections ?? Upstream.UpstreamConnectionOptions.Default;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = ages.IdleTimeout,
            PooledConnectionLifetime = ages.MaxLifetime,
            MaxConnectionsPerServer = ages.MaxConnectionsPerEndpoint, // past it SocketsHttpHandler queues, as the HTTP/1.1 pool does
            ActivityHeadersPropagator = null,
            MaxResponseHeadersLength = 64, // KiB
        };
    }
}
