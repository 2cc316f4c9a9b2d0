namespace GitGateway.Renderer.Status;

/// <summary>A route's parentRef as written (defaults filled in: group, kind, namespace).</summary>
public sealed record ParentReference(string Group, string Kind, string Namespace, string Name, string? SectionName, int? Port);
