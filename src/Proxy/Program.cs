using System.Runtime.InteropServices;
using GitGateway.Proxy.Hosting;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy;

/// <summary>The <c>gitgateway-proxy</c> node.</summary>
public static class Program
{
    /// <summary>Runs the proxy node until SIGTERM or SIGINT, then drains.</summary>
    public static async Task<int> Main(string[] args)
    {
        PreferInlineSocketCompletions();
        var commandLine = new ProxyCommandLine();
        var parse = commandLine.Parse(args);
        if (NodeCommandLine.Answer(parse, "gitgateway-proxy", Console.Out, Console.Error) is { } exit)
        {
            return exit;
        }

        var options = commandLine.Read(parse);
        using var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error) // its "HTTP/2 needs TLS" warning is wrong here: see H2cPriorKnowledge
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using var node = new ProxyNode(options, TimeProvider.System, loggers, Console.Out);
        await node.StartAsync(stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: fall through to the drain
        }

        await node.StopAsync();
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>
    /// Lets socket completions run on the epoll threads instead of being queued to the thread pool, which with
    /// Kestrel's inline scheduling (KestrelFactory) keeps a request on one thread from read to write, as an event
    /// loop proxy does. The runtime reads this variable once, when the first socket operation starts, so it is set
    /// before any; an operator's own value wins. bench/proxy/README.md has the measured gain.
    /// </summary>
    private static void PreferInlineSocketCompletions()
    {
        const string Name = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Name) is null)
        {
            Environment.SetEnvironmentVariable(Name, "1");
        }
    }
}
