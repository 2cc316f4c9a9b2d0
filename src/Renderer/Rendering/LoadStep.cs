using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Ingress;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 1: the layout (when there is a gitgateway.yaml), the manifests, and the lookup index.</summary>
internal static class LoadStep
{
    public static void Run(RenderContext c)
    {
        c.Layout = RepoLayout.Load(c.Input.Files, c.Input.EstablishedClaims);
        foreach (var d in c.Layout.Diagnostics)
        {
            c.Diagnostics.Add(d);
        }

        var config = c.Layout.Config;
        foreach (var test in c.Input.Files.Where(f => IsTestFile(config, f.Path) && SourceFiles.HasManifestExtension(f.Path)))
        {
            RoutingTestSchema.Check(test, c.Diagnostics);
        }

        var objects = ManifestLoader.LoadTyped(ManifestFiles(c.Input.Files, config), c.Diagnostics, config, c.Input.Cache);
        c.Set = ManifestSetReader.Read(objects, c.Diagnostics);
        if (c.Layout.IsLayout)
        {
            // In a config repo the team files are the source of teams; Team objects elsewhere are ignored.
            c.Set.Teams.Clear();
            c.Set.Teams.AddRange(c.Layout.Teams.Select(t => t.Team));
        }

        IngressStep.Run(c);
        c.ControllerName = c.Input.ControllerName ?? c.Layout.Config?.ControllerName ?? RenderInput.DefaultControllerName;
        c.Index = new BindingIndex(c.Set);
    }

    /// <summary>The files the step reads as manifests with <paramref name="config"/>: all but the routing tests.</summary>
    public static List<SourceFile> ManifestFiles(IReadOnlyList<SourceFile> files, GitGatewayConfig? config) =>
        [.. files.Where(f => !IsTestFile(config, f.Path))];

    // teams/<team>/tests/ holds routing expectations, not manifests.
    private static bool IsTestFile(GitGatewayConfig? config, string path)
    {
        if (config is null || !path.StartsWith(config.TeamsDir + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = path.Split('/');
        return parts.Length > 3 && parts[2] == "tests";
    }
}
