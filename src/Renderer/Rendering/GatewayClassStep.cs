using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 3: the GatewayClasses of our controller. Others are left to their controllers, with a warning that names
/// the controller we expect: a class that names another controller by mistake would otherwise leave its Gateways
/// silently unrendered.
/// </summary>
internal static class GatewayClassStep
{
    public static void Run(RenderContext c)
    {
        foreach (var gc in c.Set.GatewayClasses.OrderBy(g => g.Object.Name, StringComparer.Ordinal))
        {
            if (gc.ControllerName != c.ControllerName)
            {
                c.Diagnostics.Warning("GatewayClassOtherController", gc.Object.Mark,
                    $"GatewayClass {gc.Object.Name} names controller '{gc.ControllerName}', not this controller '{c.ControllerName}': its Gateways are left to that controller and not rendered. " +
                    $"Set spec.controllerName: {c.ControllerName} to render them (or set controllerName in gitgateway.yaml, or --controller-name)");
                continue;
            }

            c.OurClasses.Add(gc.Object.Name);
            c.ClassStatuses.Add(new GatewayStatus("", gc.Object.Name, [Conditions.True("Accepted", "Accepted", $"handled by {c.ControllerName}")], []));
        }
    }
}
