using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Evaluates a conformance case's status expectations against the renderer: phase 0 renders the case's manifests,
/// later phases replay its mutations. Shared by the status test here and the conformance report in
/// tests/Conformance.Tests (which compiles these files in), so both judge a case the same way.
/// </summary>
internal static class StatusEvaluation
{
    /// <summary>Passed and failed expectations, the failures' text, and how many were not applicable (observedGeneration, or a phase that cannot be replayed).</summary>
    internal static (int Passed, int Failed, List<string> Failures, int NotApplicable) Evaluate(ConformanceCase c)
    {
        var input = ConformanceInput.For(c);
        var results = new Dictionary<int, RenderResult?>();
        int passed = 0, failed = 0, notApplicable = 0;
        var failures = new List<string>();
        foreach (var e in c.StatusExpectations.Where(StatusExpectationChecker.Applies))
        {
            var phase = e.TryGetProperty("phase", out var p) ? p.GetInt32() : 0;
            if (!results.TryGetValue(phase, out var result))
            {
                var files = phase == 0 ? input.Files : Mutations.Apply(input.Files, c.Mutations, phase);
                results[phase] = result = files is null ? null : PlanRenderer.Render(input with { Files = files });
                if (result is not null && Plan.PlanValidator.Validate(result.Plan) is { Count: > 0 } problems)
                {
                    failed++;
                    failures.Add($"phase {phase}: the plan fails PlanValidator: {string.Join("; ", problems)}");
                }
            }

            var problem = result is null ? StatusExpectationChecker.NotApplicable : StatusExpectationChecker.Check(e, result);
            if (problem == StatusExpectationChecker.NotApplicable)
            {
                notApplicable++;
            }
            else if (problem is null)
            {
                passed++;
            }
            else
            {
                failed++;
                failures.Add($"{e.GetProperty("check").GetString()} {e.GetProperty("kind").GetString()} {e.GetProperty("name").GetString()}: {problem} [{e}]");
            }
        }

        return (passed, failed, failures, notApplicable);
    }
}
