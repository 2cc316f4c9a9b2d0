namespace GitGateway.Reconciler.Apply;

/// <summary>Why applies were paused and since when.</summary>
internal sealed record PauseRecord(string Reason, DateTimeOffset Since);
