namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>A commit status the emulator received.</summary>
internal sealed record EmulatedStatus(string Sha, string State, string Context, string? Description, string? TargetUrl);
