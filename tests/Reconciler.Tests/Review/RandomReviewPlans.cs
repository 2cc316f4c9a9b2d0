using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// A seeded base plan and a head made from it the way a head rendered from its base is: most route entries the very
/// same objects, some dropped, some rebuilt equal or changed, some moved to another hostname or Gateway, some new;
/// with layouts whose teams come and go. Hostnames, files, team folders and routes come from small pools so that sides
/// overlap, files sit in folders that are and are not teams' (a folder's name a prefix of another's, nested team
/// folders, a folder without its trailing '/', a team holding every path), and VIPs are kept or withdrawn.
/// </summary>
internal sealed class RandomReviewPlans(int seed)
{
    private static readonly string[] Folders = ["teams/a/", "teams/a/routes/", "teams/ab/", "teams/b/", "teams/c/deep/", "platform/", "", "teams/a", "teams/"];
    private static readonly string[] Files = ["teams/a/r1.yaml", "teams/a/routes/r2.yaml", "teams/a/routes/r3.yaml", "teams/ab/r4.yaml", "teams/abc.yaml", "teams/b/x/r5.yaml", "teams/b/r6.yaml", "teams/c/deep/r7.yaml", "platform/gw.yaml", "root.yaml", "teams/c/r8.yaml"];
    private static readonly ObjectRef[] Gateways = [Gateway, new("Gateway", "gateway-system", "internal")];

    private readonly Random _random = new(seed);

    public RoutingPlan Base { get; private set; } = PlanOf();

    public RoutingPlan Head { get; private set; } = PlanOf();

    public RepoLayoutInfo? BaseLayout { get; private set; }

    public RepoLayoutInfo? HeadLayout { get; private set; }

    public RandomReviewPlans Make()
    {
        var entries = Enumerable.Range(0, _random.Next(0, 40)).Select(_ => (Gateway: Pick(Gateways), Host: Hostname(), Entry: Entry())).ToList();
        var head = new List<(ObjectRef Gateway, string Host, RouteEntry Entry)>();
        foreach (var e in entries)
        {
            switch (_random.Next(10))
            {
                case 0: break; // dropped
                case 1: head.Add(e with { Entry = e.Entry with { Id = e.Entry.Id } }); break; // an equal copy
                case 2: head.Add(e with { Entry = e.Entry with { Backends = new[] { ReviewPlans.Backend("x", "other", 1) }.ToEquatableArray() } }); break;
                case 3: head.Add(e with { Host = Hostname() }); break; // moved to another hostname
                case 4: head.Add(e with { Gateway = Pick(Gateways) == Gateway ? new ObjectRef("Gateway", "gateway-system", "public") : Gateways[1] }); break;
                default: head.Add(e); break; // the same object
            }
        }

        head.AddRange(Enumerable.Range(0, _random.Next(0, 6)).Select(_ => (Pick(Gateways), Hostname(), Entry())));
        Base = Plan(entries, Vips());
        Head = _random.Next(8) == 0 ? PlanOf() : Plan(head, _random.Next(3) == 0 ? Vips() : Base.Vips);
        BaseLayout = Layout();
        HeadLayout = _random.Next(3) == 0 ? BaseLayout : Layout();
        return this;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Hostname() => $"h{_random.Next(8)}.example.com";

    private RouteEntry Entry()
    {
        var team = $"ns{_random.Next(3)}";
        return ReviewPlans.Entry(team, $"r{_random.Next(12)}", $"/p{_random.Next(4)}", [("web", 1 + _random.Next(2))], match: _random.Next(2)) with
        {
            Source = new SourceMark(Pick(Files), 1 + _random.Next(3), 1),
        };
    }

    private EquatableArray<GitGateway.Plan.Model.Vip> Vips() =>
        Enumerable.Range(0, _random.Next(3)).Select(i => new GitGateway.Plan.Model.Vip(
            $"proxyvip/v{i}", $"v{i}", new[] { $"10.0.0.{_random.Next(4)}/32" }.ToEquatableArray(), "ipv4", "BGP", new[] { 80 }.ToEquatableArray(),
            default, default, null, null, new SourceMark("platform/vips.yaml", 1, 1))).ToEquatableArray();

    private static RoutingPlan Plan(List<(ObjectRef Gateway, string Host, RouteEntry Entry)> entries, EquatableArray<GitGateway.Plan.Model.Vip> vips)
    {
        var listeners = entries.GroupBy(e => e.Gateway).Select(g => new Listener(
            $"listener/{g.Key.Name}", g.Key, "http", 80, ListenerProtocol.HTTP, null, null,
            g.GroupBy(e => e.Host).Select(h => ReviewPlans.Host(h.Key, [.. h.Select(e => e.Entry)])).ToEquatableArray(), default, new SourceMark("platform/gw.yaml", 1, 1)));
        return new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "main@sha1:x", listeners.ToEquatableArray(), vips);
    }

    private RepoLayoutInfo? Layout()
    {
        if (_random.Next(6) == 0)
        {
            return null;
        }

        var config = _random.Next(5) == 0 ? null : new GitGatewayConfig(null, "platform", "teams", new SourceMark("gitgateway.yaml", 1, 1))
        {
            DestructiveRemovalPercent = _random.Next(4) switch { 0 => 0, 1 => 100, _ => _random.Next(5, 60) },
        };
        var teams = Folders.Where(_ => _random.Next(3) > 0).Select(folder => new LayoutTeam(
            new Team(folder == "platform/" ? "platform" : $"team{Array.IndexOf(Folders, folder) % 6}", folder == "platform/" ? "platform" : "team", [], [], new Dictionary<string, IReadOnlyDictionary<string, string>>(), [], [], [], new SourceMark(folder + "team.yaml", 1, 1)),
            folder)).ToList();
        return new RepoLayoutInfo(config, teams, []);
    }
}
