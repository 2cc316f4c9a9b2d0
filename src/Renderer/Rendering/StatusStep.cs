using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>Last step: the statuses, sorted (classes by name, Gateways by namespace/name, routes by kind/namespace/name, policies by namespace/name).</summary>
internal static class StatusStep
{
    public static RenderStatus Build(RenderContext c)
    {
        var gateways = c.Gateways.Values.Select(g => new GatewayStatus(
            g.Gateway.Namespace,
            g.Gateway.Name,
            g.Conditions,
            g.Listeners.Select(l => new ListenerStatus(l.Spec.Name, l.AttachedRoutes, l.SupportedKinds, l.Conditions)).ToList(),
            g.Addresses)).ToList();
        var routes = c.Routes.Select(r => new RouteStatus(r.Route.Kind, r.Route.Namespace, r.Route.Name, r.Parents)).ToList();
        return new RenderStatus(c.ClassStatuses, gateways, routes, c.BackendTls.Statuses(c.ControllerName));
    }
}
