using GitGateway.Renderer.Binding;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 4b: attach the ListenerSets whose parent is a Gateway of ours (after every Gateway is bound, before routes
/// attach); a set the Gateway does not allow is reported at the set, an invalid listener at the listener.
/// </summary>
internal static class ListenerSetStep
{
    public static void Run(RenderContext c)
    {
        var all = c.Set.Gateways.Select(g => (g.Namespace, g.Name)).ToHashSet();
        c.ListenerSets.AddRange(ListenerSetBinder.Bind(c.Set.ListenerSets, c.Gateways.ByName, all, c.Index, c.Diagnostics, c.Input.Ages));
        foreach (var set in c.ListenerSets)
        {
            if (set.Conditions.FirstOrDefault(x => x.Type == "Accepted") is { Status: "False", Reason: not "ListenersNotValid" } cond)
            {
                c.Diagnostics.Error(cond.Reason, set.Set.Object.Mark, $"{set.Set.Object.Kind} {set.Set.Namespace}/{set.Set.Name}: {cond.Message}");
            }

            foreach (var l in set.Listeners)
            {
                GatewayStep.ReportListener(c, l);
            }
        }
    }
}
