namespace GitGateway.Renderer.Manifests;

/// <summary>A Service, to know which backends and ports exist.</summary>
internal sealed record ServiceObject(ManifestObject Object, IReadOnlyList<ServicePort> Ports);
