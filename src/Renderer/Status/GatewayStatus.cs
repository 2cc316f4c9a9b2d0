namespace GitGateway.Renderer.Status;

/// <summary>The status of a Gateway (or of a GatewayClass, with no listeners).</summary>
/// <param name="Namespace">The namespace (empty for a GatewayClass).</param>
/// <param name="Name">The name.</param>
/// <param name="Conditions">The conditions.</param>
/// <param name="Listeners">Per listener status.</param>
/// <param name="Addresses">Where the Gateway is reachable: its VIP, its spec.addresses, or the nodes' addresses.</param>
/// <param name="AttachedListenerSets">
/// status.attachedListenerSets, written when the Gateway allows ListenerSets (spec.allowedListeners other than None);
/// absent reads as 0.
/// </param>
public sealed record GatewayStatus(
    string Namespace,
    string Name,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<ListenerStatus> Listeners,
    IReadOnlyList<GatewayAddress>? Addresses = null,
    int? AttachedListenerSets = null);
