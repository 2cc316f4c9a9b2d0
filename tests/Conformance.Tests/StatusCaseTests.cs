using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Running;
using StatusCase = GitGateway.Renderer.Tests.Conformance.ConformanceCase;
using StatusEvaluation = GitGateway.Renderer.Tests.Conformance.StatusEvaluation;

namespace GitGateway.Conformance.Tests;

/// <summary>
/// One row per in-scope conformance test: its status expectations, judged by the status checker of
/// tests/Renderer.Tests/Conformance (compiled into this project), so that one run of this project covers status and
/// traffic and can write the ConformanceReport.
/// </summary>
public sealed class StatusCaseTests(ConformanceReport report)
{
    public static TheoryData<string> StatusCases => [.. CaseCatalog.InScopeCaseNames];

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Case_Rendered_StatusExpectationsHold(string test)
    {
        var (passed, failed, failures, _) = StatusEvaluation.Evaluate(StatusCase.Get(test));
        report.RecordStatus(CaseCatalog.All[test], failed == 0);
        TestContext.Current.SendDiagnosticMessage($"{test}: {passed} status expectations passed, {failed} failed");
        Assert.True(failed == 0, $"{test}: {failed} status expectations failed:\n{string.Join('\n', failures)}");
    }
}
