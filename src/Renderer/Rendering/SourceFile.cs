namespace GitGateway.Renderer.Rendering;

/// <summary>One input file: its repo-relative path (forward slashes) and its bytes.</summary>
public sealed record SourceFile(string Path, ReadOnlyMemory<byte> Content)
{
    /// <summary>The Git blob id of <see cref="Content"/> when the file was read from Git: what a <see cref="Manifests.ManifestCache"/> keys on.</summary>
    public string? BlobId { get; init; }
}
