namespace GitGateway.Renderer.Manifests;

/// <summary>A Service, to know which backends and ports exist.</summary>
public sealed record ServiceObject(ManifestObject Object, IReadOnlyList<ServicePort> Ports);
