using System.Text;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests;

/// <summary>Builds in-memory input files for tests.</summary>
internal static class Files
{
    public static SourceFile Of(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));

    public static RenderResult Render(params (string Path, string Text)[] files) =>
        PlanRenderer.Render(new RenderInput(files.Select(f => Of(f.Path, f.Text)).ToList(), "test"));
}
