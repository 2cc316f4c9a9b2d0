namespace GitGateway.Renderer.Status;

/// <summary>
/// The status of a ListenerSet whose parent is a Gateway of ours (https://gateway-api.sigs.k8s.io/reference/spec/#listenersetstatus):
/// its conditions (Accepted, Programmed) and one entry per listener (name, supportedKinds, attachedRoutes, conditions).
/// </summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
/// <param name="Kind">ListenerSet, or XListenerSet of the experimental group.</param>
/// <param name="Conditions">The conditions.</param>
/// <param name="Listeners">Per listener status; empty when the Gateway does not allow the set.</param>
public sealed record ListenerSetStatus(
    string Namespace,
    string Name,
    string Kind,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<ListenerStatus> Listeners);
