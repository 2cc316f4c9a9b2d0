namespace GitGateway.Proxy.Routing;

/// <summary>The outcome of routing a request: an entry to serve, or the status to answer (404, 421).</summary>
internal readonly record struct RouteSelection(int Status, ListenerTable? Listener, CompiledEntry? Entry, string Path);
