using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>The plan rendered from what was valid, the statuses, and every diagnostic.</summary>
public sealed record RenderResult(RoutingPlan Plan, RenderStatus Status, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error: such a plan is shown but never applied.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
