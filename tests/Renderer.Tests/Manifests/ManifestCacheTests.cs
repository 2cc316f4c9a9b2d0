using System.Text;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

public sealed class ManifestCacheTests
{
    private static readonly (string Path, string Text)[] Repository =
    [
        ("gatewayclass.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gg}\nspec: {controllerName: gitgateway.dev/gateway-controller}\n"),
        ("gateway.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: ns}\nspec:\n  gatewayClassName: gg\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n"),
        ("a.yaml", Route("a", "/a", 80)),
        ("b.yaml", Route("b", "/b", 80)),
        ("broken.yaml", Route("broken", "no-slash", 80)),
    ];

    [Fact]
    public void Render_BlobChangedBetweenRevisions_IsLoadedAgainAndTheOthersAreReused()
    {
        var cache = new ManifestCache();
        var before = Render(Repository, cache);
        var head = Repository.Select(f => f.Path == "a.yaml" ? (f.Path, Route("a", "/a", 20)) : f).ToArray();
        var after = Render(head, cache);

        Assert.Equal(Repository.Length + 1, cache.Loaded); // every file of the base, and the changed one of the head
        Assert.Equal(Repository.Length - 1, cache.Reused);
        Assert.Equal(Json(Render(Repository, cache: null)), Json(before));
        Assert.Equal(Json(Render(head, cache: null)), Json(after));
        Assert.Contains("\"weight\": 20", Json(after), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReusedFileWithErrors_GivesTheSameDiagnostics()
    {
        var cache = new ManifestCache();
        var first = Render(Repository, cache);
        var second = Render(Repository, cache);

        Assert.Equal(Repository.Length, cache.Reused);
        Assert.Contains(second.Diagnostics, d => d.File == "broken.yaml");
        Assert.Equal(Render(Repository, cache: null).Diagnostics, second.Diagnostics);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
    }

    [Fact]
    public void Render_SameBlobAtAnotherPath_IsLoadedForThatPath()
    {
        var cache = new ManifestCache();
        Render(Repository, cache);
        var moved = Repository.Select(f => f.Path == "broken.yaml" ? ("moved.yaml", f.Text) : f).ToArray();
        var result = Render(moved, cache);

        Assert.Equal(Repository.Length + 1, cache.Loaded);
        Assert.Contains(result.Diagnostics, d => d.File == "moved.yaml");
        Assert.DoesNotContain(result.Diagnostics, d => d.File == "broken.yaml");
    }

    [Fact]
    public void Clear_AfterRenders_HoldsNothingAndLoadsAgain()
    {
        var cache = new ManifestCache();
        Render(Repository, cache);
        cache.Clear();
        Render(Repository, cache);

        Assert.Equal(2 * Repository.Length, cache.Loaded);
        Assert.Equal(0, cache.Reused);
    }

    [Fact]
    public void Render_FilesWithoutBlobIds_AreNotCached()
    {
        var cache = new ManifestCache();
        var files = Repository.Select(f => Files.Of(f.Path, f.Text)).ToList();
        PlanRenderer.Render(new RenderInput(files, "test") { Cache = cache });

        Assert.Equal(0, cache.Loaded);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Render_CacheFull_KeepsItsBoundAndRendersTheSame()
    {
        var cache = new ManifestCache(maxFiles: 2);
        Render(Repository, cache);
        var again = Render(Repository, cache);

        Assert.Equal(2, cache.MaxFiles);
        Assert.Equal(2, cache.Count);
        Assert.Equal(2, cache.Reused);
        Assert.Equal(Json(Render(Repository, cache: null)), Json(again));
    }

    private static RenderResult Render((string Path, string Text)[] files, ManifestCache? cache) =>
        PlanRenderer.Render(new RenderInput(files.Select(f => Files.Of(f.Path, f.Text) with { BlobId = BlobId(f.Text) }).ToList(), "test") { Cache = cache });

    // Stands in for Git's id: the same bytes, the same id.
    private static string BlobId(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Json(RenderResult result) => RenderJson.ToJson(result);

    private static string Route(string name, string path, int weight) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: {name}, namespace: ns{"}"}
        spec:
          parentRefs: [{"{"}name: gw{"}"}]
          rules:
          - matches: [{"{"}path: {"{"}type: PathPrefix, value: "{path}"{"}"}{"}"}]
            backendRefs: [{"{"}name: svc, port: 8080, weight: {weight}{"}"}]
        """ + "\n";
}
