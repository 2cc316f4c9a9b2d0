namespace GitGateway.Renderer.Manifests;

/// <summary>A ReferenceGrant: objects of kinds <see cref="From"/> may refer to <see cref="To"/> in the grant's namespace.</summary>
internal sealed record ReferenceGrantObject(
    ManifestObject Object,
    IReadOnlyList<(string Group, string Kind, string Namespace)> From,
    IReadOnlyList<(string Group, string Kind, string? Name)> To);
