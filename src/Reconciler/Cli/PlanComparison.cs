using GitGateway.Plan.Diff;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>Two renders of one repository and what changed between them.</summary>
internal sealed record PlanComparison(
    RenderResult Base,
    RenderResult Head,
    PlanDiff Diff,
    RouteCounts Counts,
    IReadOnlyList<TrafficGroup> Traffic)
{
    public static PlanComparison Of(RenderResult before, RenderResult after) => new(
        before,
        after,
        PlanDiff.Compute(before.Plan, after.Plan),
        TrafficSummary.CountRoutes(before.Plan, after.Plan),
        TrafficSummary.Build(before.Plan, after.Plan));

    public bool NoChangeToTraffic => Traffic.Count == 0;
}
