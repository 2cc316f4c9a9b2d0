namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// One hostile request of the client-side corpus: the bytes sent on one connection, how many requests the client
/// meant by them, text that must never reach the backend from the node (<c>Forbidden</c>), and, where the node
/// knowingly forwards what nginx refuses, why (<c>Allowed</c>: a documented limit, never framing).
/// </summary>
internal sealed record ClientCase(string Name, string Bytes, int Requests = 1, string? Forbidden = null, string? Allowed = null);
