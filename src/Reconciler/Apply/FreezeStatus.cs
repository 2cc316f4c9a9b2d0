namespace GitGateway.Reconciler.Apply;

/// <summary>An open freeze window: why, and when it closes.</summary>
internal sealed record FreezeStatus(string Reason, DateTimeOffset Until);
