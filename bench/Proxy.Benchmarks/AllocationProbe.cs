using System.Globalization;
using GitGateway.Proxy.Hosting;
using GitGateway.Vip.CommandLine;
using Microsoft.Extensions.Logging;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// <c>--alloc-probe &lt;proxy arguments&gt;</c>: runs a proxy node in this process and prints, every five seconds,
/// the bytes the process allocated per request served and the garbage collections, while a load generator (wrk, h2load)
/// drives it from outside, then the types that took the most of those bytes (<see cref="AllocationTypes"/>).
/// Allocation per request is what a change to the request path should bring down.
/// </summary>
internal static class AllocationProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var commandLine = new ProxyCommandLine();
        var parse = commandLine.Parse(args);
        if (NodeCommandLine.Answer(parse, "--alloc-probe", Console.Out, Console.Error) is { } exit)
        {
            return exit;
        }

        var options = commandLine.Read(parse);
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning));
        await using var node = new ProxyNode(options, TimeProvider.System, loggers, TextWriter.Null);
        await node.StartAsync(CancellationToken.None);
        using var types = new AllocationTypes();
        var (bytes, requests, gen0, gen1, gen2) = Sample(node);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var now = Sample(node);
            var served = now.Requests - requests;
            var perRequest = served == 0 ? 0 : (now.Bytes - bytes) / served;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{served} requests, {perRequest} B/request, GCs gen0 {now.Gen0 - gen0} gen1 {now.Gen1 - gen1} gen2 {now.Gen2 - gen2}"));
            (bytes, requests, gen0, gen1, gen2) = now;
            foreach (var (type, share) in types.TakeTop(12))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {share,6:P1}  {type}"));
            }
        }
    }

    private static (long Bytes, long Requests, int Gen0, int Gen1, int Gen2) Sample(ProxyNode node)
    {
        // One count line per route (labelled); a node that has served nothing yet has none.
        const string Count = "gitgateway_proxy_request_duration_seconds_count";
        long requests = 0;
        foreach (var line in node.Metrics.Render().Split('\n'))
        {
            if (line.StartsWith(Count, StringComparison.Ordinal))
            {
                requests += long.Parse(line.AsSpan(line.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture);
            }
        }

        return (GC.GetTotalAllocatedBytes(precise: true), requests, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }
}
