using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Last step: the statuses, sorted (classes by name, Gateways by namespace/name, routes by kind/namespace/name,
/// ListenerSets by namespace/name, policies by namespace/name).
/// </summary>
internal static class StatusStep
{
    public static RenderStatus Build(RenderContext c)
    {
        var gateways = c.Gateways.Values.Select(g => new GatewayStatus(
            g.Gateway.Namespace,
            g.Gateway.Name,
            g.Conditions,
            g.Listeners.Select(l => new ListenerStatus(l.Spec.Name, l.AttachedRoutes, l.SupportedKinds, l.Conditions)).ToList(),
            g.Addresses,
            g.Gateway.AllowedListeners.From == "None" ? null : g.AttachedListenerSets)).ToList();
        var routes = c.Routes.Select(r => new RouteStatus(r.Route.Kind, r.Route.Namespace, r.Route.Name, r.Parents)).ToList();
        var sets = c.ListenerSets.Select(s => new ListenerSetStatus(
            s.Set.Namespace,
            s.Set.Name,
            s.Set.Object.Kind,
            s.Conditions,
            s.Listeners.Select(l => new ListenerStatus(l.Spec.Name, l.AttachedRoutes, l.SupportedKinds, l.Conditions)).ToList())).ToList();
        return new RenderStatus(c.ClassStatuses, gateways, routes, c.BackendTls.Statuses(c.ControllerName), sets);
    }
}
