using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// The renderer's entry point: a pure function from the files of one commit to a routing plan, statuses and
/// diagnostics. Same input, byte-identical plan. User mistakes are diagnostics, never exceptions.
/// </summary>
public static class PlanRenderer
{
    /// <summary>Renders the input.</summary>
    public static RenderResult Render(RenderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = new RenderContext(input);
        LoadStep.Run(context);
        LimitStep.Run(context);
        OwnershipStep.Run(context);
        GatewayClassStep.Run(context);
        GatewayStep.Run(context);
        ListenerSetStep.Run(context);
        TakeReuse(context);
        RouteStep.Run(context);
        PolicyStep.Run(context);
        BackendTlsStep.Run(context);
        ListenerStep.Run(context);
        VipStep.Run(context);
        var pools = context.Set.VipPools.Count == 0 ? (EquatableArray<VipPool>?)null : [.. context.Set.VipPools.Select(p => p.Pool).OrderBy(p => p.Name, StringComparer.Ordinal)];
        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, input.Source, [.. context.Listeners], [.. context.Vips], pools);
        var result = new RenderResult(plan, StatusStep.Build(context), context.Diagnostics.ToSortedList());
        if (context.Memo is { } memo)
        {
            input.Reuse!.Keep(memo, context.ReusedRoutes, memo.Routes.Count - context.ReusedRoutes);
        }

        return result;
    }

    /// <summary>
    /// Loads the manifests of <paramref name="files"/> into <paramref name="cache"/> as the load step of their render with
    /// <paramref name="layout"/> (their <c>gitgateway.yaml</c>'s) does, so that what the load read is known before the
    /// render: the object keys of each blob (<see cref="ManifestCache.KeysOf"/>), which the control plane's age walk
    /// takes instead of parsing every blob again. The render after it, through the same cache, parses none of them again.
    /// </summary>
    public static void LoadInto(ManifestCache cache, IReadOnlyList<SourceFile> files, RepoLayoutInfo layout)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(layout);
        ManifestLoader.LoadTyped(LoadStep.ManifestFiles(files, layout.Config), new DiagnosticBag(), layout.Config, cache);
    }

    // Once the Gateways and ListenerSets are bound, everything a route's binding reads besides the route is known:
    // the render before's bindings are reused when it read the same (ReuseKey), and this render keeps its own.
    private static void TakeReuse(RenderContext c)
    {
        if (ReuseKey.Of(c) is { } key)
        {
            c.Previous = c.Input.Reuse!.Take(key);
            c.Memo = new RenderReuse.Memo(key);
        }
    }
}
