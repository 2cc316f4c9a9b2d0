namespace GitGateway.Renderer.Manifests;

/// <summary>One port of a Service.</summary>
public sealed record ServicePort(int Port, string? Name, string? AppProtocol, string Protocol);
