namespace GitGateway.Reconciler.Cli;

/// <summary>The traffic changes for one hostname (or one L4 listener, the listeners, the VIPs).</summary>
internal sealed record TrafficGroup(string Title, IReadOnlyList<string> Lines);
