namespace GitGateway.Proxy.Routing;

/// <summary>A plan that passed validation but cannot be compiled (e.g. an invalid regular expression).</summary>
internal sealed class RouteCompileException(string message) : Exception(message);
