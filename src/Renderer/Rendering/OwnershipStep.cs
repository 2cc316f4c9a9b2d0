using GitGateway.Renderer.Layout;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 2: in a config repo, check team ownership on content and drop what a team may not define.</summary>
internal static class OwnershipStep
{
    public static void Run(RenderContext c)
    {
        if (c.Layout.IsLayout)
        {
            OwnershipValidator.Apply(c.Layout, c.Input.Files.Select(f => f.Path), c.Set, c.Diagnostics);
        }
    }
}
