using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Runs the phase-0 status expectations of every in-scope conformance case (cases.jsonl) against the
/// renderer. observedGeneration checks are counted as not applicable: a commit has no metadata.generation.
/// </summary>
public sealed class ConformanceStatusTests
{
    /// <summary>Expectations not evaluated (observedGeneration, or a phase after a mutation that cannot be replayed).</summary>
    private static int NotApplicable { get; set; }

    /// <summary>Cases that cannot pass, with the reason; each is skipped with it.</summary>
    private static readonly Dictionary<string, string> KnownGaps = new(StringComparer.Ordinal);

    private const string Missing = "(conformance data missing)";

    public static TheoryData<string> Cases => ConformanceCase.InScopeCases.Count == 0 ? [Missing] : [.. ConformanceCase.InScopeCases.Select(c => c.Test)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatusExpectations_RenderedCase_AllHold(string test)
    {
        RequireData();
        if (KnownGaps.TryGetValue(test, out var reason))
        {
            Assert.Skip(reason);
        }

        var (passed, failed, failures) = Evaluate(ConformanceCase.Get(test));
        TestContext.Current.TestOutputHelper?.WriteLine($"{test}: {passed} passed, {failed} failed");
        foreach (var f in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine("  " + f);
        }

        Assert.True(failed == 0, $"{test}: {failed} status expectations failed:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void StatusExpectations_AllInScopeCases_Summary()
    {
        RequireData();
        int passed = 0, failed = 0, cases = 0;
        NotApplicable = 0;
        foreach (var c in ConformanceCase.InScopeCases.Where(c => !KnownGaps.ContainsKey(c.Test)))
        {
            var (p, f, _) = Evaluate(c);
            passed += p;
            failed += f;
            cases += f == 0 ? 1 : 0;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"conformance status: {passed} passed, {failed} failed, {NotApplicable} not applicable; {cases} cases fully passing; {KnownGaps.Count} known gaps");
        Assert.True(passed > 0);
    }

    // The conformance data is vendored (third_party/gateway-api/conformance); without it, skip off CI and fail on CI.
    private static void RequireData()
    {
        if (!File.Exists(ConformanceCase.CasesFile))
        {
            var message = $"conformance data not found at {ConformanceCase.CasesFile}";
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), message);
            Assert.Skip(message);
        }
    }

    internal static (int Passed, int Failed, List<string> Failures) Evaluate(ConformanceCase c)
    {
        var input = ConformanceInput.For(c);
        var results = new Dictionary<int, RenderResult?>();
        int passed = 0, failed = 0;
        var failures = new List<string>();
        foreach (var e in c.StatusExpectations.Where(StatusExpectationChecker.Applies))
        {
            var phase = e.TryGetProperty("phase", out var p) ? p.GetInt32() : 0;
            if (!results.TryGetValue(phase, out var result))
            {
                // Later phases replay the case's mutations; a mutation that cannot be replayed leaves its phase out.
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
                NotApplicable++;
                continue;
            }

            if (problem is null)
            {
                passed++;
            }
            else
            {
                failed++;
                failures.Add($"{e.GetProperty("check").GetString()} {e.GetProperty("kind").GetString()} {e.GetProperty("name").GetString()}: {problem} [{e}]");
            }
        }

        return (passed, failed, failures);
    }
}
