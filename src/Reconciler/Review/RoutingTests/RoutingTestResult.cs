namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>The outcome of one routing test; <see cref="Detail"/> says what happened when it failed.</summary>
internal sealed record RoutingTestResult(string File, int Line, string Name, bool Passed, string Detail);
