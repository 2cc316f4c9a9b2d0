using System.Text;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>Files load on every core; what the renderer gives must not depend on which file finished first.</summary>
public sealed class ParallelLoadTests
{
    // 300 files; every tenth defines the route of the file before it again, every seventh has a schema error.
    private static readonly (string Path, string Text)[] Repository = [.. Enumerable.Range(0, 300).Select(File)];

    [Fact]
    public void Render_ManyFilesWithDuplicatesAndErrors_SameOutputEveryTime()
    {
        var first = Files.Render(Repository);
        for (var i = 0; i < 5; i++)
        {
            var again = Files.Render(Repository);
            Assert.Equal(RenderJson.ToJson(first), RenderJson.ToJson(again));
        }

        Assert.Equal(29, first.Diagnostics.Count(d => d.Code == "DuplicateObject"));
        Assert.Contains(first.Diagnostics, d => d.Code != "DuplicateObject" && d.File == "f007.yaml");
    }

    [Fact]
    public void Render_DuplicateAcrossFiles_TheFileFirstInPathOrderKeepsTheObject()
    {
        var result = Files.Render(Repository);

        // f010.yaml repeats the route of f009.yaml: the later path is reported, naming the earlier one.
        var duplicate = Assert.Single(result.Diagnostics, d => d.Code == "DuplicateObject" && d.File == "f010.yaml");
        Assert.Contains("f009.yaml", duplicate.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "DuplicateObject" && d.File == "f009.yaml");
    }

    [Fact]
    public void Render_ManyFilesThroughASmallCache_HoldsExactlyItsBound()
    {
        var cache = new ManifestCache(maxFiles: 50);
        var files = Repository.Select(f => Files.Of(f.Path, f.Text) with { BlobId = f.Path }).ToList();
        PlanRenderer.Render(new RenderInput(files, "test") { Cache = cache });

        Assert.Equal(50, cache.Count);
        Assert.Equal(Repository.Length, cache.Loaded);
    }

    private static (string Path, string Text) File(int i)
    {
        var name = i % 10 == 0 && i > 0 ? $"r{i - 1}" : $"r{i}";
        var path = i % 7 == 0 ? "no-slash" : $"/p{i}";
        var text = new StringBuilder()
            .Append("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n")
            .Append("metadata: {name: ").Append(name).Append(", namespace: ns}\n")
            .Append("spec:\n  rules:\n  - matches: [{path: {type: PathPrefix, value: \"").Append(path).Append("\"}}]\n");
        return ($"f{i:D3}.yaml", text.ToString());
    }
}
