namespace GitGateway.Renderer.Manifests;

/// <summary>A backend in a team's catalogue; with no namespace it exists in each of the team's namespaces.</summary>
public sealed record TeamService(string Name, string? Namespace, IReadOnlyList<int> Ports, string? AppProtocol);
