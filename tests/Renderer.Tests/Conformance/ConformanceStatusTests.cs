using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Runs the phase-0 status expectations of every in-scope conformance case (cases.jsonl) against the
/// renderer. observedGeneration checks are counted as not applicable: a commit has no metadata.generation.
/// </summary>
public sealed class ConformanceStatusTests
{
    /// <summary>Cases that cannot pass, with the reason; each is skipped with it.</summary>
    private static readonly Dictionary<string, string> KnownGaps = new(StringComparer.Ordinal);

    public static TheoryData<string> Cases => [.. ConformanceCase.InScopeCases.Select(c => c.Test)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatusExpectations_RenderedCase_AllHold(string test)
    {
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
        int passed = 0, failed = 0, cases = 0;
        foreach (var c in ConformanceCase.InScopeCases.Where(c => !KnownGaps.ContainsKey(c.Test)))
        {
            var (p, f, _) = Evaluate(c);
            passed += p;
            failed += f;
            cases += f == 0 ? 1 : 0;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"conformance status: {passed} passed, {failed} failed; {cases} cases fully passing; {KnownGaps.Count} known gaps");
        Assert.True(passed > 0);
    }

    internal static (int Passed, int Failed, List<string> Failures) Evaluate(ConformanceCase c)
    {
        var result = PlanRenderer.Render(ConformanceInput.For(c));
        int passed = 0, failed = 0;
        var failures = new List<string>();
        foreach (var e in c.StatusExpectations)
        {
            if ((e.TryGetProperty("phase", out var phase) && phase.GetInt32() != 0) || !StatusExpectationChecker.Applies(e))
            {
                continue;
            }

            var problem = StatusExpectationChecker.Check(e, result);
            if (problem == StatusExpectationChecker.NotApplicable)
            {
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
