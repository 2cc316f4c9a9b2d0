using System.Security.Cryptography;
using System.Text;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// A render with <see cref="RenderReuse"/> starts the order of the routes and of each host's entries from the render
/// before (<see cref="OrderReuse"/>). Many routes on one hostname, with ages, go through changes that move entries in
/// the precedence order: added, removed and edited routes, ties on the path decided by age, ages that swap between two
/// kept routes (the order kept from before is then wrong) and a duplicated route. Each render equals a cold one.
/// </summary>
public sealed class OrderReuseTests
{
    private const string Routes = "teams/store/routes/";

    private static Dictionary<string, string> Example()
    {
        var files = RenderReuseTests.Example();
        for (var i = 0; i < 40; i++)
        {
            files[$"{Routes}many-{i}.yaml"] = Route($"many-{i}", i % 5 == 0 ? "Exact" : "PathPrefix", $"/p{i % 7}/{new string('x', i % 4)}");
        }

        return files;
    }

    private static string Route(string name, string type, string path) => $$$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: {{{name}}}, namespace: store}
        spec:
          parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
          hostnames: ["store.example.com"]
          rules:
          - matches: [{path: {type: {{{type}}}, value: "{{{path}}}"}}, {path: {type: PathPrefix, value: "/m/{{{name}}}"}}]
            backendRefs: [{name: store-web, port: 8080}]

        """;

    private static IEnumerable<(string Step, Action<Dictionary<string, string>, Dictionary<string, long>> Change)> Steps()
    {
        yield return ("a route added", (f, _) => f[Routes + "added-a.yaml"] = Route("added-a", "PathPrefix", "/p3/x"));
        yield return ("a route with a path another has, younger", (f, a) => { f[Routes + "added-b.yaml"] = Route("added-b", "PathPrefix", "/p1/x"); a["HTTPRoute/store/added-b"] = 1000; });
        yield return ("a route with a path another has, older", (f, a) => { f[Routes + "added-c.yaml"] = Route("added-c", "PathPrefix", "/p2/xx"); a["HTTPRoute/store/added-c"] = -1; });
        yield return ("a route removed", (f, _) => f.Remove(Routes + "many-8.yaml"));
        yield return ("a route edited to a longer path", (f, _) => f[Routes + "many-3.yaml"] = Route("many-3", "PathPrefix", "/p0/xxxxxxxx"));
        yield return ("two kept routes swap ages", (_, a) => (a["HTTPRoute/store/many-1"], a["HTTPRoute/store/many-8"]) = (a["HTTPRoute/store/many-8"], a["HTTPRoute/store/many-1"]));
        yield return ("the ages of two tied routes swap", (_, a) => (a["HTTPRoute/store/many-1"], a["HTTPRoute/store/many-15"]) = (a["HTTPRoute/store/many-15"], a["HTTPRoute/store/many-1"]));
        yield return ("a route duplicated in another file", (f, _) => f[Routes + "copy.yaml"] = f[Routes + "many-2.yaml"]);
        yield return ("the duplicate goes", (f, _) => f.Remove(Routes + "copy.yaml"));
        yield return ("a route added last", (f, _) => f[Routes + "zz.yaml"] = Route("zz", "Exact", "/z"));
        yield return ("every generated route removed but one", (f, _) => RemoveAllBut(f, Routes + "many-0.yaml"));
    }

    private static void RemoveAllBut(Dictionary<string, string> files, string kept)
    {
        foreach (var path in files.Keys.Where(k => k.StartsWith(Routes + "many-", StringComparison.Ordinal) && k != kept).ToList())
        {
            files.Remove(path);
        }
    }

    [Fact]
    public void Render_ChangesToAHostOfManyRoutesWithAges_EachResultSameAsAColdRender()
    {
        var files = Example();
        var ages = Enumerable.Range(0, 40).ToDictionary(i => $"HTTPRoute/store/many-{i}", i => (long)(i % 3), StringComparer.Ordinal);
        var (cache, reuse) = (new ManifestCache(), new RenderReuse());
        Render(files, ages, cache, reuse);
        foreach (var (step, change) in Steps())
        {
            change(files, ages);

            var warm = Render(files, ages, cache, reuse);
            var cold = Render(files, ages, null, null);

            Assert.True(cold == warm, $"after '{step}' the render with reuse differs from a cold one");
        }

        Assert.True(reuse.Reused > 0, "no binding was reused, so no order was started from the render before");
    }

    [Fact]
    public void Render_HostOfManyRoutesWithoutAges_SameAsAColdRender()
    {
        var files = Example();
        var (cache, reuse) = (new ManifestCache(), new RenderReuse());
        Render(files, null, cache, reuse);
        files[Routes + "added.yaml"] = Route("added", "PathPrefix", "/p4/x");
        files.Remove(Routes + "many-4.yaml");

        Assert.Equal(Render(files, null, null, null), Render(files, null, cache, reuse));
    }

    private static string Render(Dictionary<string, string> files, Dictionary<string, long>? ages, ManifestCache? cache, RenderReuse? reuse)
    {
        var sources = files.Select(kv =>
        {
            var bytes = Encoding.UTF8.GetBytes(kv.Value);
            return new SourceFile(kv.Key, bytes) { BlobId = Convert.ToHexStringLower(SHA1.HashData(bytes)) };
        }).ToList();
        var input = new RenderInput(sources, "main@sha1:test") { Cache = cache, Reuse = reuse, Ages = ages is null ? null : new ObjectAges(new Dictionary<string, long>(ages), "test") };
        return RenderJson.ToJson(PlanRenderer.Render(input));
    }
}
