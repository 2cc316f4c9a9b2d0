using GitGateway.Plan.Model;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>The renderer's steps one at a time, in <see cref="PlanRenderer.Render"/>'s order.</summary>
internal static class RenderSteps
{
    /// <summary>
    /// The load, then every step after it on that load. With <paramref name="warmLoad"/> the load runs a second time
    /// in the warm process, and the steps after it run again on that second load ("warm"): the first pass of a step
    /// pays its JIT and one-time set-up, the second shows what it costs per render.
    /// </summary>
    public static RenderResult Run(StageClock clock, RenderInput input, string prefix = "", bool warmLoad = false)
    {
        var c = new RenderContext(input);
        clock.Time(prefix + "load (layout, parse, schema, readers)", () => LoadStep.Run(c));
        if (!warmLoad)
        {
            return AfterLoad(clock, c, input, prefix);
        }

        // The same load again in the warm process: the difference from the first is mostly JIT and one-time set-up.
        var warm = new RenderContext(input);
        clock.Time(prefix + "load again, warm", () => LoadStep.Run(warm));
        AfterLoad(clock, c, input, prefix);
        return AfterLoad(clock, warm, input, prefix + "warm: ");
    }

    private static RenderResult AfterLoad(StageClock clock, RenderContext c, RenderInput input, string prefix)
    {
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
        clock.Time(prefix + "JSON out, plan (to /dev/null)", () => WritePlan(result));
        clock.Time(prefix + "JSON out, all (to /dev/null)", () => RenderJson.WriteTo(Stream.Null, result));
        return result;
    }

    private static void WritePlan(RenderResult result)
    {
        using var writer = new System.Text.Json.Utf8JsonWriter(Stream.Null, new System.Text.Json.JsonWriterOptions { Indented = true });
        GitGateway.Plan.Serialization.PlanJson.Write(writer, result.Plan);
    }
}
