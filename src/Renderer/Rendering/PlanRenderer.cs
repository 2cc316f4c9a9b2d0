using GitGateway.Plan.Model;
using GitGateway.Renderer.Status;

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
        return new RenderResult(RoutingPlan.Empty(input.Source), new RenderStatus([], [], []), []);
    }
}
