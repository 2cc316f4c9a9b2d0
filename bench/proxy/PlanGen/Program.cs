using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Bench.PlanGen;

/// <summary>
/// <c>plangen ROUTES OUT.json</c>: one HTTP listener on port 80 whose catch-all host holds ROUTES exact-path routes
/// (<c>/bench/0</c> … <c>/bench/N-1</c>) plus a <c>/</c> prefix route, all to Service <c>bench/backend:80</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count))
        {
            Console.Error.WriteLine("usage: plangen ROUTES OUT.json");
            return 2;
        }

        var mark = new SourceMark("bench/plan", 1, 1);
        var route = new ObjectRef("HTTPRoute", "bench", "bench");
        var backend = new Backend("Service/bench/backend:80", "Service", "bench", "backend", 80, 1, null, default, null);
        var entries = Enumerable.Range(0, count)
            .Select(i => Entry($"httproute/bench/bench/rule/{i}/match/0", new PathMatch(MatchKind.Exact, $"/bench/{i}")))
            .Append(Entry($"httproute/bench/bench/rule/{count}/match/0", new PathMatch(MatchKind.PathPrefix, "/")))
            .ToArray();
        var listener = new Listener(
            "gateway/bench/bench/listener/http",
            new ObjectRef("Gateway", "bench", "bench"),
            "http",
            80,
            ListenerProtocol.HTTP,
            null,
            null,
            [new VirtualHost("gateway/bench/bench/listener/http/host/*", "*", [.. entries])],
            default,
            mark);
        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "bench@sha1:0000000000000000000000000000000000000000", [listener], default);
        File.WriteAllBytes(args[1], PlanJson.ToCanonicalBytes(plan));
        return 0;

        RouteEntry Entry(string id, PathMatch path) => new(
            id, route, null, new RouteMatch(path, null, default, default), default, [backend], null, null, null, default, mark);
    }
}
