namespace GitGateway.Proxy.Tests.Support;

/// <summary>A request as a backend received it, with the port the connection came from (which upstream connection carried it).</summary>
internal sealed record SeenRequest(string Method, string Target, string Host, IReadOnlyDictionary<string, string> Headers, int RemotePort = 0);
