namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>One test of <c>teams/&lt;team&gt;/tests/*.yaml</c>, with the file and line it was read from.</summary>
internal sealed record RoutingTestCase(string File, int Line, string Name, RoutingTestRequest Request, RoutingTestExpectation Expect);
