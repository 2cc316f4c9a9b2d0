using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>Renders files read from disk or Git, folding what could not be read into the diagnostics.</summary>
internal static class RenderRun
{
    public static RenderResult FromPaths(IReadOnlyList<string> paths, string source, string? controllerName)
    {
        var read = SourceFiles.Read(paths, Environment.CurrentDirectory);
        var result = Render(read, source, controllerName);
        if (result.Plan.Listeners.Count > 0 || result.HasErrors)
        {
            return result;
        }

        // A clean render that serves nothing is almost always a GatewayClass or Gateway that is not ours.
        var at = read.Files.Count > 0 ? read.Files[0].Path : paths[0].Replace('\\', '/');
        Diagnostic none = new(DiagnosticSeverity.Warning, "NoListeners", at, 1, 1,
            "the plan has no listeners, so a node would serve nothing: no Gateway here uses a GatewayClass whose controllerName is this controller's " +
            $"({controllerName ?? "gitgateway.yaml's controllerName, else " + RenderInput.DefaultControllerName})");
        return result with { Diagnostics = Sorted([.. result.Diagnostics, none]) };
    }

    public static RenderResult Render(SourceFiles.Result read, string source, string? controllerName, ObjectAges? ages = null, ManifestCache? cache = null) =>
        Render(read, source, input => PlanRenderer.Render(input with { ControllerName = controllerName, Ages = ages, Cache = cache }));

    /// <summary>Renders <paramref name="read"/> with <paramref name="render"/> (the renderer, perhaps knowing the claims before a change).</summary>
    public static RenderResult Render(SourceFiles.Result read, string source, Func<RenderInput, RenderResult> render)
    {
        var result = render(new RenderInput(read.Files, source));
        if (read.Diagnostics.Count == 0)
        {
            return result;
        }

        return result with { Diagnostics = Sorted([.. read.Diagnostics, .. result.Diagnostics]) };
    }

    /// <summary>The source written on a plan rendered from paths on disk: the paths as given.</summary>
    public static string SourceOf(IReadOnlyList<string> paths) => "file:" + string.Join(",", paths.Select(p => p.Replace('\\', '/')));

    private static List<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)];
}
