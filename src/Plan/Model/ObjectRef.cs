namespace GitGateway.Plan.Model;

/// <summary>A namespaced Kubernetes object, e.g. the Gateway a listener belongs to or the route a rule came from.</summary>
public sealed record ObjectRef(string Kind, string Namespace, string Name)
{
    /// <summary>"Kind/namespace/name".</summary>
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
