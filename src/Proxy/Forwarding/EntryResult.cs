namespace GitGateway.Proxy.Forwarding;

/// <summary>What serving an entry came to: the status, the chosen backend (or empty) and the forwarding outcome.</summary>
internal readonly record struct EntryResult(int Status, string BackendId, ForwardOutcome Outcome);
