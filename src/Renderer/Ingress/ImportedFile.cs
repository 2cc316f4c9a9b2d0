namespace GitGateway.Renderer.Ingress;

/// <summary>A file <c>gitgateway import ingress</c> writes: its repository-relative path, its text and the objects in it (<c>Kind/ns/name</c>).</summary>
/// <param name="Path">Repository-relative, forward slashes, under the team's folder.</param>
/// <param name="Content">The file's text.</param>
/// <param name="Objects">The objects it holds.</param>
public sealed record ImportedFile(string Path, string Content, IReadOnlyList<string> Objects);
