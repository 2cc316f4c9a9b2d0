namespace GitGateway.Renderer.Status;

/// <summary>Everything a controller would write to <c>status</c>: GatewayClasses, Gateways, routes and policies, sorted.</summary>
public sealed record RenderStatus(
    IReadOnlyList<GatewayStatus> GatewayClasses,
    IReadOnlyList<GatewayStatus> Gateways,
    IReadOnlyList<RouteStatus> Routes,
    IReadOnlyList<PolicyStatus>? Policies = null);
