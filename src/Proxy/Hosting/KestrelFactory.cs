using GitGateway.Proxy.Admission;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Creates Kestrel servers with the limits a shared edge proxy needs, set on purpose rather than inherited
/// (the README's "Kestrel limits" table explains each value).
/// </summary>
/// <remarks>
/// Each server comes from a host of its own with no configuration source (no appsettings, no environment: nothing
/// but this code sets it), so that Kestrel's socket transport gets Kestrel's own block pool and that pool's eviction:
/// a transport made by hand reads and writes through <see cref="System.Buffers.MemoryPool{T}.Shared"/>, whose 4 KiB
/// arrays the shared array pool keeps only a few of per core, so under h2c, with hundreds of streams' buffers in
/// flight, most were new arrays each request, surviving into gen1 and growing the GC's budgets
/// (bench/node/README.md, "What h2c load leaves resident").
/// </remarks>
internal sealed class KestrelFactory(ILoggerFactory loggerFactory, ConnectionLimits connectionLimits)
{
    public IServer Create(Action<KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        // Inline scheduling: a request is parsed, routed and forwarded on the thread whose socket completion read
        // it, with no hop to the thread pool and back for the application or for the send (bench/proxy/README.md
        // has the measured gain). Safe because nothing on the request path blocks: every wait is awaited.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(options =>
        {
            Configure(options);
            listen(options);
        });
        return builder.Build().Services.GetRequiredService<IServer>();
    }

    private void Configure(KestrelServerOptions options)
    {
        options.AddServerHeader = false;
        options.AllowSynchronousIO = false;
        options.AllowAlternateSchemes = true;

        // A backend's header value may hold obs-text (bytes 0x80-0xFF, RFC 9110 §5.5); the node reads it as Latin-1 and
        // writes it back byte for byte, as nginx passes it, instead of Kestrel refusing the whole response with a 500.
        // CR, LF and NUL never reach here: the head parser ends a field at a line break and refuses NUL.
        options.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
        var limits = options.Limits;
        limits.MaxRequestHeadersTotalSize = connectionLimits.MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = connectionLimits.MaxRequestHeaderCount;
        limits.MaxRequestLineSize = 16 * 1024;
        limits.MaxRequestBodySize = null; // bodies stream through; the backend sets its own limit
        limits.KeepAliveTimeout = connectionLimits.KeepAliveTimeout;
        limits.RequestHeadersTimeout = connectionLimits.RequestHeadersTimeout;
        // ConnectionGate counts every connection per port and per node; an upgraded one (WebSocket) is one of them,
        // so Kestrel's own upgrade limit (100 by default) is raised to the port's.
        limits.MaxConcurrentUpgradedConnections = connectionLimits.MaxConnectionsPerListener;
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(10));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(10));
        limits.Http2.MaxStreamsPerConnection = connectionLimits.Http2MaxStreams;
        limits.Http2.MaxRequestHeaderFieldSize = connectionLimits.MaxRequestHeadersTotalSize;
        limits.Http2.InitialConnectionWindowSize = 1024 * 1024;
        limits.Http2.InitialStreamWindowSize = 768 * 1024;
        limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
        limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
    }
}
