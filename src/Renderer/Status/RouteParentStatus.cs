namespace GitGateway.Renderer.Status;

/// <summary>The status of a route for one of its parents (<c>Accepted</c>, <c>ResolvedRefs</c>, …).</summary>
public sealed record RouteParentStatus(ParentReference ParentRef, string ControllerName, IReadOnlyList<Condition> Conditions);
