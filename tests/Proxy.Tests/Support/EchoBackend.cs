using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// A small real HTTP backend on loopback: answers JSON naming itself and what it saw (raw target, Host, headers,
/// protocol), <c>/status/N</c>, <c>?delay=ms</c>, <c>X-Echo-Set-Header</c>, a WebSocket echo on <c>/ws</c>,
/// a gRPC-framed echo with trailers, streams request bodies back on <c>/upload</c>, and on <c>/drain</c> reads the
/// whole body before it answers its length. With a certificate it serves HTTPS.
/// </summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoBackend(string name, WebApplication app, IPAddress address, int port)
    {
        Name = name;
        _app = app;
        Address = address;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public IPAddress Address { get; }

    public string Authority => $"{Address}:{Port}";

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    /// <param name="address">The loopback address to bind (pods of one Service share a port on different addresses); 127.0.0.1 by default.</param>
    /// <param name="port">The port; 0 for any free one.</param>
    /// <param name="certificate">When given, the backend serves HTTPS with it (HTTP/1.1 only).</param>
    public static async Task<EchoBackend> StartAsync(string name, bool http2Only = false, IPAddress? address = null, int port = 0, X509Certificate2? certificate = null)
    {
        address ??= IPAddress.Loopback;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(address, port, l =>
        {
            l.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1;
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        EchoBackend? self = null;
        app.UseWebSockets();
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync(TestContext.Current.CancellationToken);
        self = new EchoBackend(name, app, address, new Uri(app.Urls.First()).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Seen.Enqueue(new SeenRequest(request.Method, raw, request.Headers.Host.ToString(), request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), context.Connection.RemotePort));
        if (context.WebSockets.IsWebSocketRequest)
        {
            await EchoWebSocketAsync(context);
            return;
        }

        if (request.ContentType == "application/grpc")
        {
            await EchoGrpcAsync(context);
            return;
        }

        if (request.Query.TryGetValue("delay", out var delay))
        {
            await Task.Delay(int.Parse(delay.ToString(), System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
        }

        if (request.Path.StartsWithSegments("/upload"))
        {
            await request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }

        if (request.Path.StartsWithSegments("/drain"))
        {
            await DrainAsync(context);
            return;
        }

        foreach (var pair in request.Headers["X-Echo-Set-Header"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            context.Response.Headers.Append(pair[..colon].Trim(), pair[(colon + 1)..].Trim());
        }

        if (request.Path.StartsWithSegments("/status", out var rest) && int.TryParse(rest.Value!.Trim('/'), out var status))
        {
            context.Response.StatusCode = status;
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new EchoReply(Name, request.Method, raw, request.Headers.Host.ToString(), request.Protocol), cancellationToken: context.RequestAborted);
    }

    /// <summary>Reads the whole request body, then answers how many bytes it had.</summary>
    private static async Task DrainAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        long length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            length += read;
        }

        await context.Response.WriteAsync(length.ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    }

    private static async Task EchoGrpcAsync(HttpContext context)
    {
        // Every length-prefixed message is sent straight back; the status goes in the trailers (gRPC over HTTP/2).
        context.Response.ContentType = "application/grpc";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", "0");
        context.Response.AppendTrailer("grpc-message", "echoed");
    }
}
