namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Runs the phase-0 status expectations of every in-scope conformance case (cases.jsonl) against the
/// renderer. observedGeneration checks are counted as not applicable: a commit has no metadata.generation.
/// </summary>
public sealed class ConformanceStatusTests
{
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

        var (passed, failed, failures, _) = StatusEvaluation.Evaluate(ConformanceCase.Get(test));
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
        int passed = 0, failed = 0, cases = 0, notApplicable = 0;
        foreach (var c in ConformanceCase.InScopeCases.Where(c => !KnownGaps.ContainsKey(c.Test)))
        {
            var (p, f, _, n) = StatusEvaluation.Evaluate(c);
            notApplicable += n;
            passed += p;
            failed += f;
            cases += f == 0 ? 1 : 0;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"conformance status: {passed} passed, {failed} failed, {notApplicable} not applicable; {cases} cases fully passing; {KnownGaps.Count} known gaps");
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
}
