namespace GitGateway.Proxy.Forwarding;

/// <summary>How a forwarded request ended: the status the client got and which endpoint served it.</summary>
/// <param name="Status">The status sent to the client; 499 when the client went away first.</param>
/// <param name="Endpoint">The endpoint of the last try, or null.</param>
/// <param name="Error">Why the proxy answered for the backend (e.g. <c>connect</c>, <c>timeout</c>), or null.</param>
internal readonly record struct ForwardOutcome(int Status, string? Endpoint, string? Error);
