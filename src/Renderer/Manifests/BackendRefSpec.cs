namespace GitGateway.Renderer.Manifests;

/// <summary>A weighted backendRef with its own filters.</summary>
internal sealed record BackendRefSpec(RefSpec Ref, int Weight, IReadOnlyList<FilterSpec> Filters);
