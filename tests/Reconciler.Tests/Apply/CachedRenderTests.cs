using System.Security.Cryptography;
using System.Text;
using GitGateway.Reconciler.Apply;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Apply;

public sealed class CachedRenderTests
{
    private static readonly Dictionary<string, string> Platform = new(StringComparer.Ordinal)
    {
        ["platform/gatewayclass.yaml"] = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gg}\nspec: {controllerName: gitgateway.dev/gateway-controller}\n",
        ["platform/gateway.yaml"] = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: ns}\nspec:\n  gatewayClassName: gg\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n",
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Render_RandomEditSequence_WarmEqualsColdAndReloadsOnlyNewBlobs(int seed)
    {
        var random = new Random(seed);
        var repository = new Dictionary<string, string>(Platform, StringComparer.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            repository[$"teams/t{i % 3}/r{i}.yaml"] = Route($"r{i}", $"/r{i}", 10);
        }

        var warm = new CachedRender();
        var seen = new HashSet<(string, string)>();
        for (var step = 0; step < 25; step++)
        {
            var files = Files(repository);
            var fresh = files.Count(f => seen.Add((f.Path, f.BlobId!)));
            var (loaded, reused) = (warm.Cache.Loaded, warm.Cache.Reused);

            var warmJson = RenderJson.ToJson(warm.Render(new RenderInput(files, $"main@sha1:{step}")));
            var coldJson = RenderJson.ToJson(PlanRenderer.Render(new RenderInput(files, $"main@sha1:{step}")));

            Assert.Equal(coldJson, warmJson);
            Assert.Equal(fresh, warm.Cache.Loaded - loaded);
            Assert.Equal(files.Count - fresh, warm.Cache.Reused - reused);
            Edit(repository, random, step);
        }

        Assert.True(warm.Cache.Reused > warm.Cache.Loaded, $"reused {warm.Cache.Reused}, loaded {warm.Cache.Loaded}");
    }

    [Fact]
    public void Render_FilesWouldOverflowTheBound_EmptiesTheCacheFirstAndRendersTheSame()
    {
        var repository = new Dictionary<string, string>(Platform, StringComparer.Ordinal);
        for (var i = 0; i < 8; i++)
        {
            repository[$"teams/t/r{i}.yaml"] = Route($"r{i}", $"/r{i}", 10);
        }

        var warm = new CachedRender(PlanRenderer.Render, new ManifestCache(maxFiles: 15));
        warm.Render(new RenderInput(Files(repository), "first"));
        repository["teams/t/r0.yaml"] = Route("r0", "/r0", 20);
        var files = Files(repository);
        var second = warm.Render(new RenderInput(files, "second"));

        Assert.Equal(10, warm.Cache.Count); // 10 + 10 > 15: the first revision's files went before the second was loaded
        Assert.Equal(20, warm.Cache.Loaded);
        Assert.Equal(0, warm.Cache.Reused);
        Assert.Equal(RenderJson.ToJson(PlanRenderer.Render(new RenderInput(files, "second"))), RenderJson.ToJson(second));
    }

    [Fact]
    public void Render_ReviewRenderedBetweenTwoApplies_TheApplyKeepsReusingItsBindings()
    {
        var repository = new Dictionary<string, string>(Platform, StringComparer.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            repository[$"teams/t/r{i}.yaml"] = Route($"r{i}", $"/r{i}", 10);
        }

        var warm = new CachedRender();
        warm.Render(new RenderInput(Files(repository), "applied"));
        // A pull request changing the Gateway: none of its bindings can serve the apply's next commit.
        var pullRequest = new Dictionary<string, string>(repository, StringComparer.Ordinal)
        {
            ["platform/gateway.yaml"] = Platform["platform/gateway.yaml"].Replace("protocol: HTTP}]", "protocol: HTTP}, {name: alt, port: 8080, protocol: HTTP}]", StringComparison.Ordinal),
        };
        warm.RenderReview(new RenderInput(Files(pullRequest), "pull request"));
        repository["teams/t/r10.yaml"] = Route("r10", "/r10", 10);
        var files = Files(repository);
        var reused = warm.Reuse.Reused;

        var next = warm.Render(new RenderInput(files, "next"));

        Assert.Equal(10, warm.Reuse.Reused - reused);
        Assert.Equal(10, warm.ReviewReuse.Bound); // the review bound its routes in its own memo
        Assert.Equal(RenderJson.ToJson(PlanRenderer.Render(new RenderInput(files, "next"))), RenderJson.ToJson(next));
    }

    // One random change of the kind a commit makes: edit, add, delete, break, or duplicate a route.
    private static void Edit(Dictionary<string, string> repository, Random random, int step)
    {
        var routes = repository.Keys.Where(k => k.StartsWith("teams/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var target = routes[random.Next(routes.Count)];
        var name = Path.GetFileNameWithoutExtension(target);
        switch (random.Next(6))
        {
            case 0 when routes.Count > 2:
                repository.Remove(target);
                break;
            case 1:
                repository[$"teams/t{step % 3}/n{step}.yaml"] = Route($"n{step}", $"/n{step}", 10);
                break;
            case 2:
                repository[target] = Route(name, "no-slash", 10); // an error, cached with its file
                break;
            case 3:
                repository[$"teams/t{step % 3}/dup{step}.yaml"] = Route(name, "/dup", 10); // the same object twice
                break;
            case 4:
                repository[target] = Route(name, $"/{name}", 10); // back to a content seen before
                break;
            default:
                repository[target] = Route(name, $"/{name}", random.Next(1, 100));
                break;
        }
    }

    private static List<SourceFile> Files(Dictionary<string, string> repository) =>
        [.. repository.Select(f => new SourceFile(f.Key, Encoding.UTF8.GetBytes(f.Value)) { BlobId = BlobId(f.Value) })];

    // Stands in for Git's id: the same bytes, the same id.
    private static string BlobId(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Route(string name, string path, int weight) =>
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
        + $"metadata: {{name: {name}, namespace: ns}}\n"
        + "spec:\n  parentRefs: [{name: gw}]\n  rules:\n"
        + $"  - matches: [{{path: {{type: PathPrefix, value: \"{path}\"}}}}]\n"
        + $"    backendRefs: [{{name: svc, port: 8080, weight: {weight}}}]\n";
}
