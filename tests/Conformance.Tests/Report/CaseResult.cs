namespace GitGateway.Conformance.Tests.Report;

/// <summary>The result of one conformance test in a run: its status expectations and, when it has any, its traffic.</summary>
internal enum CaseResult
{
    Passed,
    Failed,
    Skipped,
}
