using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>
/// The plan's JSON alone, on a rendered plan (`json` mode): written, hashed and read, each the first time in the
/// process (metadata, JIT) and again, then the render's whole JSON out (plan and statuses). Compiles against any build
/// that has <see cref="PlanJson"/>, so an older build can be measured with the same stages.
/// </summary>
internal static class JsonStages
{
    public static void Run(StageClock clock, RenderResult result)
    {
        var plan = result.Plan;
        var bytes = clock.Time("plan canonical bytes, first", () => PlanJson.ToCanonicalBytes(plan));
        clock.Time("plan canonical bytes, again", () => PlanJson.ToCanonicalBytes(plan).Length);
        clock.Time("plan hash", () => PlanJson.Hash(plan));
        clock.Time("plan indented text", () => PlanJson.ToIndentedString(plan).Length);
        clock.Time("plan parse, first", () => PlanJson.Parse(bytes));
        var again = clock.Time("plan parse, again", () => PlanJson.Parse(bytes));
        clock.Time("render JSON out (plan and statuses)", () => RenderJson.WriteTo(Stream.Null, result));
        Console.WriteLine($"{bytes.Length:N0} canonical bytes; read back equal: {again == plan}");
    }
}
