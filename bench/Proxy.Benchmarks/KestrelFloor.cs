using System.Globalization;
using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// <c>--kestrel-floor PORT</c>: the node's own Kestrel server (<see cref="KestrelFactory"/>: its limits, inline
/// scheduling, socket completions on the epoll threads) and application (<see cref="ProxyApplication"/>: no pipeline,
/// one context per connection) on 127.0.0.1:PORT, HTTP/1.1, answering every request itself with the bench backend's
/// 200 <c>text/plain</c> <c>ok</c>. What it costs per request is the floor Kestrel's HTTP/1.1 layer puts under any
/// forwarding the node does (<c>bench/proxy/ab.sh</c> <c>FLOOR=1</c>, beside nginx's and HAProxy's own floors).
/// </summary>
internal static class KestrelFloor
{
    private static readonly byte[] Body = "ok"u8.ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var port))
        {
            await Console.Error.WriteLineAsync("usage: --kestrel-floor PORT");
            return 2;
        }

        // As the node's Program does, before any socket operation: the runtime reads it once.
        const string Inline = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Inline) is null)
        {
            Environment.SetEnvironmentVariable(Inline, "1");
        }

        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning));
        using var server = new KestrelFactory(loggers, ConnectionLimits.Default)
            .Create(options => options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        await server.StartAsync(new ProxyApplication(Answer), CancellationToken.None);
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        await server.StopAsync(CancellationToken.None);
        return 0;
    }

    private static Task Answer(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, 0, Body.Length);
    }
}
