using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GitGateway.Reconciler.Cli;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>plan</c> renders the head from the base's render (<see cref="HeadFromBase"/>): over random pairs of a base and
/// a head of the example repository (routes added, removed, edited, moved between files, put in another team's
/// namespace, a team's hostname claims changed, route ages changed so precedence moves, policies attached, edited
/// and detached), the head's plan, statuses and diagnostics are those of a cold render of the head.
/// </summary>
public sealed class HeadFromBaseTests
{
    private static readonly string[] Teams = ["store", "search", "payments"];
    private static readonly string[][] Hosts = [["store.example.com", "a.store.example.com"], ["search.example.com", "x.search.example.com"], ["pay.example.com"]];
    private static readonly string[] Services = ["store-web", "search-api", "payments-api"];
    private static readonly string[] Paths = ["/", "/a", "/a/b", "/api"];

    // One generated route: its team folder, the namespace it names, host, path, weight, age rank, and a policy on it.
    private sealed record GenRoute(int Team, int Namespace, int Host, int Path, int Weight, long Rank, int Policy, bool Moved);

    // One change from base to head: what, to which route, with which argument.
    private sealed record Change(int Kind, int Target, int Arg);

    private static readonly Gen<GenRoute> RouteGen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 3], Gen.Long[0, 3], Gen.Int[0, 2])
        .Select((team, host, path, weight, rank, policy) => new GenRoute(team, team, host, path, weight, rank, policy, false));

    private static readonly Gen<Change> ChangeGen = Gen.Select(Gen.Int[0, 10], Gen.Int[0, 9], Gen.Int[0, 3]).Select((k, t, a) => new Change(k, t, a));

    [Fact]
    public void Head_RandomBaseAndHeadPairs_SameAsAColdRender()
    {
        long reused = 0;
        Gen.Select(RouteGen.Array[0, 10], ChangeGen.Array[1, 5]).Sample(
            (routes, changes) =>
            {
                var head = routes.ToList();
                var files = ExampleFiles();
                var headFiles = new Dictionary<string, string>(files, StringComparer.Ordinal);
                Write(files, routes);
                var headRanks = Apply(headFiles, head, changes);
                Write(headFiles, head);
                reused += AssertSameAsCold(files, Ranks(routes, null), headFiles, Ranks(head, headRanks));
            },
            iter: 150);

        Assert.True(reused > 0, "no sample reused a binding of the base's render: the head was not rendered from it");
    }

    [Fact]
    public void Head_WithoutAges_SameAsAColdRender()
    {
        var files = ExampleFiles();
        GenRoute[] routes = [new(0, 0, 0, 1, 1, 0, 1, false), new(0, 0, 0, 1, 2, 1, 0, false), new(1, 1, 0, 0, 1, 0, 2, false)];
        Write(files, routes);
        var headFiles = new Dictionary<string, string>(files, StringComparer.Ordinal);
        var head = routes.ToList();
        Apply(headFiles, head, [new Change(2, 0, 2), new Change(0, 0, 0)]); // a route edited, one added: no policy changes, so the rest is reused
        Write(headFiles, head);

        Assert.True(AssertSameAsCold(files, null, headFiles, null) > 0);
    }

    // Renders base then head as plan does and the head cold; returns how many bindings the head took from the base.
    private static long AssertSameAsCold(Dictionary<string, string> baseFiles, ObjectAges? baseAges, Dictionary<string, string> headFiles, ObjectAges? headAges)
    {
        var (before, after) = (Read(baseFiles), Read(headFiles));
        var baseLayout = RepoLayout.Load(before.Files);
        var renders = new HeadFromBase(null);
        renders.RenderBase(before, "main@sha1:base", baseAges);
        var incremental = RenderRun.Render(after, "feature@sha1:head", renders.HeadRender(headAges, baseLayout));

        var claims = baseLayout.Teams.Count == 0 ? null : EstablishedClaims.Of(baseLayout);
        var cold = PlanRenderer.Render(new RenderInput(after.Files, "feature@sha1:head") { Ages = headAges, EstablishedClaims = claims });

        Assert.Equal(RenderJson.ToJson(cold), RenderJson.ToJson(incremental));
        return renders.Reused;
    }

    // Applies the changes to the head's files and routes; returns the age ranks the head's history gives.
    private static Dictionary<int, long> Apply(Dictionary<string, string> files, List<GenRoute> routes, IReadOnlyList<Change> changes)
    {
        var ranks = new Dictionary<int, long>();
        foreach (var (kind, target, arg) in changes)
        {
            var i = routes.Count == 0 ? -1 : target % routes.Count;
            switch (kind)
            {
                case 0: routes.Add(new GenRoute(arg % 3, arg % 3, target, arg, 1 + target % 3, 10, arg % 3, false)); ranks[routes.Count - 1] = 10; break;
                case 1 when i >= 0: routes[i] = routes[i] with { Team = -1 }; break; // removed (its file is not written)
                case 2 when i >= 0: routes[i] = routes[i] with { Path = arg, Weight = 1 + (routes[i].Weight % 3) }; break;
                case 3 when i >= 0: routes[i] = routes[i] with { Moved = !routes[i].Moved }; break;
                case 4 when i >= 0: routes[i] = routes[i] with { Namespace = (routes[i].Namespace + 1 + arg % 2) % 3 }; break;
                case 5 when i >= 0: routes[i] = routes[i] with { Policy = (routes[i].Policy + 1 + arg % 2) % 3 }; break;
                case 6 when i >= 0: ranks[i] = arg; break; // an older or newer object now: precedence between equal matches moves
                case 7: files["teams/search/team.yaml"] = files["teams/search/team.yaml"].Replace("\"*.search.example.com\"", arg % 2 == 0 ? "\"*.store.example.com\"" : "\"a.store.example.com\"", StringComparison.Ordinal); break;
                case 8: files["teams/store/team.yaml"] = files["teams/store/team.yaml"].Replace(", \"*.store.example.com\"", "", StringComparison.Ordinal); break;
                case 9: files.Remove("teams/store/policies/store-api-retry.yaml"); break;
                case 10: files["teams/store/routes/store-api.yaml"] = files["teams/store/routes/store-api.yaml"].Replace("weight: 90}", "weight: 50}", StringComparison.Ordinal); break;
                default: break;
            }
        }

        return ranks;
    }

    private static void Write(Dictionary<string, string> files, IReadOnlyList<GenRoute> routes)
    {
        foreach (var (route, i) in routes.Select((r, i) => (r, i)).Where(p => p.r.Team >= 0))
        {
            var folder = $"teams/{Teams[route.Team]}/routes/{(route.Moved ? "moved/" : "")}";
            var ns = Teams[route.Namespace];
            var host = Hosts[route.Team][route.Host % Hosts[route.Team].Length];
            files[$"{folder}gen-{i}.yaml"] = $$$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: gen-{{{i}}}, namespace: {{{ns}}}}
                spec:
                  parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
                  hostnames: ["{{{host}}}"]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: {{{Paths[route.Path]}}}}}]
                    backendRefs: [{name: {{{Services[route.Team]}}}, port: 8080, weight: {{{route.Weight}}}}]

                """;
            if (route.Policy > 0)
            {
                files[$"teams/{Teams[route.Team]}/policies/gen-{i}.yaml"] = $$"""
                    apiVersion: gitgateway.dev/v1alpha1
                    kind: ProxyPolicy
                    metadata: {name: gen-{{i}}-timeout, namespace: {{ns}}}
                    spec:
                      type: Timeout
                      targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: gen-{{i}}}
                      timeout: {request: {{route.Policy * 5}}s}

                    """;
            }
        }
    }

    // Every example object ranks 0 (the seed commit); generated routes by their rank, or as the head's history has them.
    private static ObjectAges Ranks(IReadOnlyList<GenRoute> routes, Dictionary<int, long>? changed)
    {
        var ranks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (route, i) in routes.Select((r, i) => (r, i)).Where(p => p.r.Team >= 0))
        {
            ranks[ObjectAges.KeyOf("HTTPRoute", Teams[route.Namespace], $"gen-{i}")] = changed is not null && changed.TryGetValue(i, out var rank) ? rank : route.Rank;
        }

        return new ObjectAges(ranks, "test history");
    }

    private static Dictionary<string, string> ExampleFiles()
    {
        var root = Reconciler.Tests.Cli.Cli.Example;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }

    // The files as read from Git: each with its blob id (what the cache and the reuse key on).
    private static SourceFiles.Result Read(Dictionary<string, string> files) => new(
        [.. files.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var bytes = Encoding.UTF8.GetBytes(kv.Value);
            return new SourceFile(kv.Key, bytes) { BlobId = Convert.ToHexStringLower(SHA1.HashData(bytes)) };
        })],
        []);
}
