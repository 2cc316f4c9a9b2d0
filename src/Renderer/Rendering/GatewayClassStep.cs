using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 3: the GatewayClasses of our controller (others are left to their controllers).</summary>
internal static class GatewayClassStep
{
    public static void Run(RenderContext c)
    {
        foreach (var gc in c.Set.GatewayClasses.OrderBy(g => g.Object.Name, StringComparer.Ordinal))
        {
            if (gc.ControllerName != c.ControllerName)
            {
                continue;
            }

            c.OurClasses.Add(gc.Object.Name);
            c.ClassStatuses.Add(new GatewayStatus("", gc.Object.Name, [Conditions.True("Accepted", "Accepted", $"handled by {c.ControllerName}")], []));
        }
    }
}
