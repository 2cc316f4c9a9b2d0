namespace GitGateway.Plan.Model;

/// <summary>Gateway API rule timeouts, in milliseconds (null: none).</summary>
/// <param name="RequestMs">The whole request, from the client's view, including retries.</param>
/// <param name="BackendRequestMs">One request to a backend.</param>
public sealed record RouteTimeouts(long? RequestMs, long? BackendRequestMs);
