namespace GitGateway.Conformance.Tests.Running;

/// <summary>One request item of a case: which one, and why it failed (null = passed).</summary>
internal sealed record RequestOutcome(int Index, string Kind, string Subtest, string? Failure);
