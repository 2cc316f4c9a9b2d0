using GitGateway.Renderer.Binding;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 5: attach routes (in namespace/name order, so attachment counts never depend on file order).</summary>
internal static class RouteStep
{
    public static void Run(RenderContext c)
    {
        var all = c.Set.Gateways.Select(g => (g.Namespace, g.Name)).ToHashSet();
        var sets = c.ListenerSets.ToDictionary(s => (s.Set.Object.Kind, s.Set.Namespace, s.Set.Name));
        var binder = new RouteBinder(c.Gateways, all, sets, c.Index, c.ControllerName, c.Diagnostics);
        foreach (var route in c.Set.Routes.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            if (binder.Bind(route) is { } bound)
            {
                c.Routes.Add(bound);
            }
        }
    }
}
