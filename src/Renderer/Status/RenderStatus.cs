namespace GitGateway.Renderer.Status;

/// <summary>Everything a controller would write to <c>status</c>: GatewayClasses, Gateways, routes, policies and ListenerSets, sorted.</summary>
public sealed record RenderStatus(
    IReadOnlyList<GatewayStatus> GatewayClasses,
    IReadOnlyList<GatewayStatus> Gateways,
    IReadOnlyList<RouteStatus> Routes,
    IReadOnlyList<PolicyStatus>? Policies = null,
    IReadOnlyList<ListenerSetStatus>? ListenerSets = null)
{
    /// <summary>The ListenerSets whose parent is a Gateway of ours, by namespace/name (none when null).</summary>
    public IReadOnlyList<ListenerSetStatus> ListenerSets { get; init; } = ListenerSets ?? [];
}
