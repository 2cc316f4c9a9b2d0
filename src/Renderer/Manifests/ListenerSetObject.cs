namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A ListenerSet as read (https://gateway-api.sigs.k8s.io/api-types/listenerset/): more listeners for one parent
/// Gateway, written apart from it (by a team, in its own namespace).
/// </summary>
/// <param name="Object">The object (kind ListenerSet, or XListenerSet of the experimental group).</param>
/// <param name="ParentRef">spec.parentRef (group and kind default to the Gateway's).</param>
/// <param name="Listeners">The listeners with valid names and ports (duplicates by name dropped).</param>
internal sealed record ListenerSetObject(ManifestObject Object, RefSpec? ParentRef, IReadOnlyList<ListenerSpec> Listeners)
{
    /// <summary>The namespace.</summary>
    public string Namespace => Object.Namespace!;

    /// <summary>The name.</summary>
    public string Name => Object.Name;

    /// <summary>The group routes name in a parentRef to this ListenerSet.</summary>
    public string Group => Object.Kind == "XListenerSet" ? KnownKinds.ExperimentalGroup : KnownKinds.GatewayGroup;
}
