namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Why the last commit looked at on the target branch was not applied (shown in <c>/v1/status</c> until a later
/// commit is applied): its render has errors, a routing test fails, or it is a destructive change without the override.
/// </summary>
internal sealed record ApplyRefusal(string Commit, string Title, IReadOnlyList<string> Reasons, DateTimeOffset At);
