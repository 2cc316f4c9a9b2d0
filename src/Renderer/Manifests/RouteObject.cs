namespace GitGateway.Renderer.Manifests;

/// <summary>An HTTPRoute, GRPCRoute, TCPRoute, TLSRoute or UDPRoute, as read.</summary>
/// <param name="Object">The object.</param>
/// <param name="ParentRefs">The parentRefs.</param>
/// <param name="Hostnames">Valid hostnames, lowercased.</param>
/// <param name="Rules">The rules.</param>
/// <param name="Problem">A validation error that makes the route unusable (reported as UnsupportedValue), or null.</param>
internal sealed record RouteObject(
    ManifestObject Object,
    IReadOnlyList<RefSpec> ParentRefs,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<RuleSpec> Rules,
    string? Problem)
{
    /// <summary>The kind.</summary>
    public string Kind => Object.Kind;

    /// <summary>The namespace.</summary>
    public string Namespace => Object.Namespace!;

    /// <summary>The name.</summary>
    public string Name => Object.Name;

    /// <summary>Whether the route carries HTTP semantics (HTTPRoute, GRPCRoute).</summary>
    public bool IsHttp => Kind is "HTTPRoute" or "GRPCRoute";
}
