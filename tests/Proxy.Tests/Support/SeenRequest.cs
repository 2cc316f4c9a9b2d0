namespace GitGateway.Proxy.Tests.Support;

/// <summary>A request as a backend received it.</summary>
internal sealed record SeenRequest(string Method, string Target, string Host, IReadOnlyDictionary<string, string> Headers);
