namespace GitGateway.Renderer.Status;

/// <summary>The status of a route: one entry per parentRef that names a Gateway of our controller.</summary>
public sealed record RouteStatus(string Kind, string Namespace, string Name, IReadOnlyList<RouteParentStatus> Parents);
