namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// The request a routing test sends: scheme (<c>https</c> unless given; picks HTTPS or HTTP listeners), host,
/// path (with an optional query), method, listener port, headers; for <c>protocol: TLS</c> or <c>TCP</c> the
/// connection's port and SNI (<see cref="Host"/>).
/// </summary>
internal sealed record RoutingTestRequest(string Host, string Path, string Method, int? Port, IReadOnlyDictionary<string, string> Headers, string Scheme = "https", string? Protocol = null);
