using System.Text;
using GitGateway.Fixtures;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>The example config repository with one file randomly damaged (fixed seeds): never a throw.</summary>
public sealed class DamagedRepositoryTests
{
    private static readonly Lazy<List<(string Path, string Text)>> Example = new(() =>
    {
        var root = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToList();
    });

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Render_ExampleWithOneDamagedFile_NeverThrows(int seed)
    {
        var random = new Random(seed);
        var files = Example.Value.ToList();
        var victim = random.Next(files.Count);
        var text = new StringBuilder(files[victim].Text);
        for (var i = 0; i < 1 + random.Next(4) && text.Length > 0; i++)
        {
            var at = random.Next(text.Length);
            var line = text.ToString().IndexOf('\n', at);
            if (random.Next(2) == 0 && line > at)
            {
                text.Remove(at, line - at);
            }
            else
            {
                text[at] = "x0 -:*&[{"[random.Next(9)];
            }
        }

        files[victim] = (files[victim].Path, text.ToString());
        var result = PlanRenderer.Render(new RenderInput(files.Select(f => Files.Of(f.Path, f.Text)).ToList(), "seed"));
        Assert.NotNull(result.Plan);
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
    }

    [Fact]
    public void Render_Example_HasNoErrors()
    {
        var result = PlanRenderer.Render(new RenderInput(Example.Value.Select(f => Files.Of(f.Path, f.Text)).ToList(), "example"));
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        Assert.NotEmpty(result.Plan.Listeners);
    }
}
