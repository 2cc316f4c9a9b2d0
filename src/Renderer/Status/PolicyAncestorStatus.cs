namespace GitGateway.Renderer.Status;

/// <summary>A policy's conditions (<c>Accepted</c>, <c>ResolvedRefs</c>) as seen from one ancestor Gateway.</summary>
public sealed record PolicyAncestorStatus(ParentReference AncestorRef, string ControllerName, IReadOnlyList<Condition> Conditions);
