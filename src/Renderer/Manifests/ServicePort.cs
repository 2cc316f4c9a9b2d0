namespace GitGateway.Renderer.Manifests;

/// <summary>One port of a Service.</summary>
internal sealed record ServicePort(int Port, string? Name, string? AppProtocol, string Protocol);
