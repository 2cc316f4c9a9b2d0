namespace GitGateway.Renderer.Rendering;

/// <summary>One input file: its repo-relative path (forward slashes) and its bytes.</summary>
public sealed record SourceFile(string Path, ReadOnlyMemory<byte> Content);
