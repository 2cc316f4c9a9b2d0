using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace GitGateway.Bench.KestrelFloor;

/// <summary>
/// <c>kestrel-floor PORT</c>: Kestrel on 127.0.0.1:PORT (HTTP/1.1) answering every request with 200 and the backend's
/// 2-byte body, hosted as the node hosts its ports: the server without a middleware pipeline, one context reused per
/// connection, the transport's inline scheduling and socket completions on the epoll threads, no Server header.
/// What it costs per request is the part of the node's CPU that Kestrel's HTTP/1.1 layer puts under any forwarding.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var port))
        {
            await Console.Error.WriteLineAsync("usage: kestrel-floor PORT");
            return 2;
        }

        // As the node's Program does: read once by the runtime when the first socket operation starts.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        using var loggers = LoggerFactory.Create(_ => { });
        var options = new KestrelServerOptions { AddServerHeader = false, AllowSynchronousIO = false };
        options.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = true }), loggers);
        using var server = new KestrelServer(Options.Create(options), transport, loggers);
        await server.StartAsync(new FixedAnswer(), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl-C
        }

        await server.StopAsync(CancellationToken.None);
        return 0;
    }
}
