namespace GitGateway.Proxy.Routing;

/// <summary>
/// The outcome of routing a request: an entry to serve, or the status to answer (404, 421, or 503 when
/// <paramref name="Unanswerable"/>: a regular expression of an entry ranked first could not answer, README
/// "Regular expressions").
/// </summary>
internal readonly record struct RouteSelection(int Status, ListenerTable? Listener, CompiledEntry? Entry, string Path, bool Unanswerable = false);
