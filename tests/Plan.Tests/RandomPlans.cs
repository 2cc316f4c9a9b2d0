using GitGateway.Plan.Model;

namespace GitGateway.Plan.Tests;

/// <summary>
/// Seeded plans that use every kind of element the model has, for comparing two ways of computing the same thing.
/// Ids come from small pools (so elements match across plans), each once in its array; strings include
/// characters JSON escapes. Two generators with the same seed make the same plan; with <c>noise</c> &gt; 0 the second
/// makes each choice differently with that probability, so its plan is a near copy with scattered changes.
/// </summary>
internal sealed class RandomPlans(int seed, double noise)
{
    private static readonly string[] Texts = ["a", "b", "store", "a+b", "<tag>", "é", "😀", "\"q\"", "back\\slash", "line\nbreak", "&amp;", ""];

    private readonly Random _choices = new(seed);
    private readonly Random _noise = new(unchecked((seed * 7919) + 17));

    public RoutingPlan Plan() => new(
        RoutingPlan.CurrentSchemaVersion, "main@sha1:" + Next(100), Keyed(3, Listener, l => l.Id), Keyed(2, Vip, v => v.Id), Chance(50) ? Many(2, VipPool) : (EquatableArray<VipPool>?)null);

    private int Next(int max)
    {
        var value = _choices.Next(max);
        return _noise.NextDouble() < noise ? _noise.Next(max) : value;
    }

    private bool Chance(int percent) => Next(100) < percent;

    private string Text() => Texts[Next(Texts.Length)];

    private T? Maybe<T>(Func<T> make)
        where T : class => Chance(50) ? make() : null;

    private EquatableArray<T> Many<T>(int max, Func<T> make)
    {
        var items = new List<T>();
        for (var count = Next(max + 1); items.Count < count;)
        {
            items.Add(make());
        }

        return items.ToEquatableArray();
    }

    // Items with ids, each id once (as the renderer makes them: PlanValidator refuses repeats, backends get a suffix).
    private EquatableArray<T> Keyed<T>(int max, Func<T> make, Func<T, string> id) => Many(max, make).DistinctBy(id).ToEquatableArray();

    private T Pick<T>(params T[] values) => values[Next(values.Length)];

    private SourceMark Mark() => new(Pick("teams/a/r.yaml", "platform/g.yaml"), Next(5), 1);

    private ObjectRef Ref() => new(Pick("HTTPRoute", "Gateway"), Text(), Pick("api", "web"));

    private Listener Listener() => new(
        "listener/" + Next(4), Ref(), Text(), Pick(80, 443), Pick(ListenerProtocol.HTTP, ListenerProtocol.HTTPS, ListenerProtocol.TLS),
        Maybe(Text), Maybe(Tls), Keyed(4, Host, h => h.Id), Keyed(2, L4Route, r => r.Id), Mark());

    private ListenerTls Tls() => new(Pick(TlsMode.Terminate, TlsMode.Passthrough), Many(2, Certificate), Maybe(() => new ClientValidation(Many(2, Certificate), Text())));

    private CertificateRef Certificate() => new("Secret", Text(), Text());

    private VirtualHost Host() => new("host/" + Next(5), Text(), Keyed(5, Entry, e => e.Id));

    private RouteEntry Entry() => new(
        "route/" + Next(6), Ref(), Maybe(Text), Match(), Many(2, Filter), Keyed(3, Backend, b => b.Id),
        Maybe(() => new DirectResponse(Pick(200, 404), Maybe(Text))), Maybe(() => new RouteTimeouts(Chance(50) ? Next(9) : null, null)),
        Maybe(() => new RetryPolicy(Next(4), Many(2, () => Pick(502, 503)), Chance(50), Next(100), null)), Keyed(3, Policy, p => p.Id), Mark());

    private RouteMatch Match() => new(
        new PathMatch(Pick(MatchKind.Exact, MatchKind.PathPrefix, MatchKind.RegularExpression), "/" + Text()), Maybe(() => Pick("GET", "POST")),
        Many(2, StringMatch), Many(2, StringMatch));

    private StringMatch StringMatch() => new(Pick(MatchKind.Exact, MatchKind.RegularExpression), Text(), Text());

    private Filter Filter() => Next(4) switch
    {
        0 => new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: Headers()),
        1 => new Filter(FilterType.RequestRedirect, RequestRedirect: new RedirectFilter(Maybe(Text), Maybe(Text), Chance(50) ? 8443 : null, Maybe(Path), 301)),
        2 => new Filter(FilterType.RequestMirror, RequestMirror: new MirrorFilter(Backend(), 1, Pick(2, 10))),
        _ => new Filter(FilterType.CORS, Cors: Cors()),
    };

    private HeaderModifier Headers() => new(Many(2, HeaderValue), Many(1, HeaderValue), Many(2, Text));

    private HeaderValue HeaderValue() => new(Text(), Text());

    private PathModifier Path() => new("ReplaceFullPath", "/" + Text());

    private CorsFilter Cors() => new(Many(2, Text), Many(1, Text), default, default, Chance(50), Chance(50) ? 60 : null);

    private Backend Backend() => new(
        "backend/" + Next(4), "Service", Text(), Text(), 8080, Next(101), Maybe(Text), Chance(20) ? Many(1, Filter) : default, Maybe(Text),
        Chance(20) ? new UpstreamTls(Ref(), Text(), Many(1, Certificate), Chance(50), Many(1, () => new SubjectAltName("Hostname", Text())), null) : null);

    private AppliedPolicy Policy() => new(
        "policy/" + Next(3), Pick(PolicyType.RateLimit, PolicyType.CORS, PolicyType.JWT), Pick(PolicyOrigin.Gateway, PolicyOrigin.Route), Chance(50), Mark(),
        Maybe(() => new RateLimitSettings(Next(100), Next(10), Text())), Maybe(() => new JwtSettings(Text(), Many(2, Text), Text(), Many(1, HeaderValue))),
        null, Maybe(Cors), null);

    private L4Route L4Route() => new("l4/" + Next(3), Ref(), Many(2, Text), Keyed(2, Backend, b => b.Id), Mark());

    private Vip Vip() => new(
        "vip/" + Next(3), Text(), Many(2, () => Pick("10.0.0.1/32", "10.0.0.2/32")), "ipv4", "BGP", Many(2, () => Pick(80, 443)), Many(1, Text),
        Many(2, Ref), Maybe(Bgp), Maybe(() => new BfdSettings(3, 300, Pick(300, 500))), Mark());

    private BgpSettings Bgp() => new(
        64501, "10.0.0.1", 90, Many(1, Text), default, Chance(50) ? 100u : null, null,
        Keyed(2, () => new BgpPeer("peer/" + Next(2), "10.0.0.254", 64500, 179, Maybe(Text)), p => p.Id), Chance(50) ? UpdatePace.Default : null);

    private VipPool VipPool() => new(Text(), Many(2, () => Pick("10.0.0.0/24", "10.1.0.0/24")), Many(1, () => Pick(32, 128)), Mark());
}
