using GitGateway.Plan.Model;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>The renderer's steps one at a time, in <see cref="PlanRenderer.Render"/>'s order.</summary>
internal static class RenderSteps
{
    public static RenderResult Run(StageClock clock, RenderInput input, string prefix = "", bool warmLoad = false)
    {
        var c = new RenderContext(input);
        clock.Time(prefix + "load (layout, parse, schema, readers)", () => LoadStep.Run(c));
        if (warmLoad)
        {
            // The same load again in the warm process: the difference from the first is mostly JIT and one-time set-up.
            clock.Time(prefix + "load again, warm", () => LoadStep.Run(new RenderContext(input)));
        }

        clock.Time(prefix + "limits", () => LimitStep.Run(c));
        clock.Time(prefix + "ownership", () => OwnershipStep.Run(c));
        clock.Time(prefix + "gateways", () => { GatewayClassStep.Run(c); GatewayStep.Run(c); ListenerSetStep.Run(c); });
        clock.Time(prefix + "routes (binding)", () =>
        {
            // As PlanRenderer.TakeReuse: the render before's bindings when made under the same key.
            if (ReuseKey.Of(c) is { } key)
            {
                c.Previous = input.Reuse!.Take(key);
                c.Memo = new RenderReuse.Memo(key);
            }

            RouteStep.Run(c);
        });
        clock.Time(prefix + "policies", () => { PolicyStep.Run(c); BackendTlsStep.Run(c); });
        clock.Time(prefix + "listeners (plan entries)", () => { ListenerStep.Run(c); VipStep.Run(c); });
        var status = clock.Time(prefix + "status", () => StatusStep.Build(c));
        var diagnostics = clock.Time(prefix + "diagnostics sorted", () => c.Diagnostics.ToSortedList());
        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, input.Source, [.. c.Listeners], [.. c.Vips], null);
        var result = new RenderResult(plan, status, diagnostics);
        clock.Time(prefix + "JSON out (streamed to /dev/null)", () => RenderJson.WriteTo(Stream.Null, result));
        return result;
    }
}
