using System.Globalization;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Bench.PlanGen;

/// <summary>
/// <c>plangen ROUTES OUT.json [--mixed|--https]</c>: one HTTP listener on port 80 whose catch-all host holds ROUTES routes
/// plus a <c>/</c> prefix route, all to Service <c>bench/backend:80</c>. With <c>--https</c> the listener is HTTPS on
/// port 443 instead, terminating TLS with the certificate of Secret <c>bench/bench</c> (the node's
/// <c>--cert-dir</c> holds it as <c>bench/bench/tls.crt</c> and <c>tls.key</c>). Without <c>--mixed</c> every route is the
/// exact path <c>/bench/i</c>. With <c>--mixed</c> the shares are those of a large shared gateway (issue #16):
/// of every 20 routes, 4 match a path by regular expression (each pattern distinct, a fifth), 2 by prefix, the
/// rest by exact path; every 10th route also needs a header (every 30th by regular expression), and every 10th
/// carries a rate limit, every 20th an IP filter and every 25th a CORS policy. <c>/bench/i</c> (exact) exists for
/// every i that is not a regex or prefix route, so the benches' paths still hit an exact route in the middle.
/// Entries are ordered as the renderer orders them: exact, then regular expressions (longer first), then prefixes.
/// </summary>
public static class Program
{
    private static readonly SourceMark Mark = new("bench/plan", 1, 1);
    private static readonly ObjectRef Route = new("HTTPRoute", "bench", "bench");
    private static readonly Backend Service = new("Service/bench/backend:80", "Service", "bench", "backend", 80, 1, null, default, null);

    public static int Main(string[] args)
    {
        if (args.Length is < 2 or > 3 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count)
            || (args.Length == 3 && args[2] is not ("--mixed" or "--https")))
        {
            Console.Error.WriteLine("usage: plangen ROUTES OUT.json [--mixed|--https]");
            return 2;
        }

        var mixed = args.Length == 3 && args[2] == "--mixed";
        var https = args.Length == 3 && args[2] == "--https";
        var entries = Enumerable.Range(0, count).Select(i => mixed ? Mixed(i) : Entry(i, new PathMatch(MatchKind.Exact, $"/bench/{i}")))
            .Append(Entry(count, new PathMatch(MatchKind.PathPrefix, "/")))
            .OrderByDescending(e => Rank(e.Match.Path.Type))
            .ThenByDescending(e => e.Match.Path.Value.Length)
            .ThenByDescending(e => e.Match.Headers.Count)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToArray();
        var name = https ? "https" : "http";
        var listener = new Listener(
            $"gateway/bench/bench/listener/{name}",
            new ObjectRef("Gateway", "bench", "bench"),
            name,
            https ? 443 : 80,
            https ? ListenerProtocol.HTTPS : ListenerProtocol.HTTP,
            null,
            https ? new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "bench", "bench")], null) : null,
            [new VirtualHost($"gateway/bench/bench/listener/{name}/host/*", "*", [.. entries])],
            default,
            Mark);
        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "bench@sha1:0000000000000000000000000000000000000000", [listener], default);
        File.WriteAllBytes(args[1], PlanJson.ToCanonicalBytes(plan));
        return 0;
    }

    private static int Rank(MatchKind kind) => kind switch
    {
        MatchKind.Exact => 3,
        MatchKind.RegularExpression => 2,
        _ => 1,
    };

    private static RouteEntry Mixed(int i)
    {
        var team = i % 200;
        var path = (i % 20) switch
        {
            < 4 => new PathMatch(MatchKind.RegularExpression, $"/team-{team}/r{i}/v[0-9]+/(items|orders)/[a-z0-9-]+"),
            < 6 => new PathMatch(MatchKind.PathPrefix, $"/team-{team}/r{i}"),
            _ => new PathMatch(MatchKind.Exact, $"/bench/{i}"),
        };
        EquatableArray<StringMatch> headers = i % 30 == 0
            ? [new StringMatch(MatchKind.RegularExpression, "x-version", $"v{i % 7}\\.[0-9]+")]
            : i % 10 == 0 ? [new StringMatch(MatchKind.Exact, "x-tenant", $"team-{team}")] : default;
        var policies = new List<AppliedPolicy>();
        if (i % 10 == 3)
        {
            policies.Add(new AppliedPolicy($"team-{team}/rate-{i}", PolicyType.RateLimit, PolicyOrigin.Route, true, Mark, RateLimit: new RateLimitSettings(100, 200, "source-ip")));
        }

        if (i % 20 == 7)
        {
            policies.Add(new AppliedPolicy($"team-{team}/ip-{i}", PolicyType.IPFilter, PolicyOrigin.Route, true, Mark, IpFilter: new IpFilterSettings(["10.0.0.0/8", "127.0.0.0/8"], ["10.66.0.0/16"], default)));
        }

        if (i % 25 == 11)
        {
            policies.Add(new AppliedPolicy($"team-{team}/cors-{i}", PolicyType.CORS, PolicyOrigin.Route, true, Mark, Cors: new CorsFilter([$"https://team-{team}.example.com"], ["GET", "POST"], ["content-type"], default, false, 600)));
        }

        return Entry(i, path, headers, [.. policies]);
    }

    private static RouteEntry Entry(int i, PathMatch path, EquatableArray<StringMatch> headers = default, EquatableArray<AppliedPolicy> policies = default) => new(
        $"httproute/bench/bench/rule/{i}/match/0", Route, null, new RouteMatch(path, null, headers, default), default, [Service], null, null, null, policies, Mark);
}
