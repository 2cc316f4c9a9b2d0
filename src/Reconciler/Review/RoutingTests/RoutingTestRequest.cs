namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>The request a routing test sends: host, path (with an optional query), method, listener port, headers.</summary>
internal sealed record RoutingTestRequest(string Host, string Path, string Method, int? Port, IReadOnlyDictionary<string, string> Headers);
