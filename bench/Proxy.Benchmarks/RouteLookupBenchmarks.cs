using BenchmarkDotNet.Attributes;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// Route selection on a compiled table with 10 and 10,000 routes (exact and prefix paths spread over 10 hosts):
/// the lookup cost should stay flat as the table grows, and allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class RouteLookupBenchmarks
{
    private static readonly SourceMark Mark = new("bench.yaml", 1, 1);
    private RouteTable _table = RouteTable.Empty;
    private DefaultHttpContext _exact = new();
    private DefaultHttpContext _prefix = new();
    private DefaultHttpContext _miss = new();

    [Params(10, 10_000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var hosts = Enumerable.Range(0, 10).Select(h => new VirtualHost(
            $"host/{h}",
            $"h{h}.example.com",
            Enumerable.Range(0, Routes / 10).Select(r => Entry(h, r)).ToArray())).ToArray();
        var listener = new Listener("gateway/bench/gw/listener/http", new ObjectRef("Gateway", "bench", "gw"), "http", 80, ListenerProtocol.HTTP, null, null, hosts, default, Mark);
        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "bench", [listener], default);
        _table = new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System).Compile(plan, "bench");
        var last = (Routes / 10) - 1;
        _exact = Request("h9.example.com", $"/exact/{last}");
        _prefix = Request("h9.example.com", $"/prefix/{last}/items/42");
        _miss = Request("h9.example.com", "/nothing/here");
    }

    [Benchmark]
    public string? ExactPath() => RouteSelector.Select(_table, 80, _exact, tls: false).Entry?.Id;

    [Benchmark]
    public string? PrefixPath() => RouteSelector.Select(_table, 80, _prefix, tls: false).Entry?.Id;

    [Benchmark]
    public string? NoRoute() => RouteSelector.Select(_table, 80, _miss, tls: false).Entry?.Id;

    private static RouteEntry Entry(int host, int index)
    {
        var path = index % 2 == 0 ? new PathMatch(MatchKind.Exact, $"/exact/{index}") : new PathMatch(MatchKind.PathPrefix, $"/prefix/{index}");
        var backend = new Backend($"Service/bench/b{index}:80", "Service", "bench", $"b{index}", 80, 1, null, default, null);
        return new RouteEntry($"httproute/bench/h{host}r{index}/rule/0/match/0", new ObjectRef("HTTPRoute", "bench", $"h{host}r{index}"), null,
            new RouteMatch(path, null, default, default), default, [backend], null, null, null, default, Mark);
    }

    private static DefaultHttpContext Request(string host, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Host = host;
        context.Request.Path = path;
        return context;
    }
}
