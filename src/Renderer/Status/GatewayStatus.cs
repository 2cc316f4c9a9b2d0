namespace GitGateway.Renderer.Status;

/// <summary>The status of a Gateway (or of a GatewayClass, with no listeners).</summary>
public sealed record GatewayStatus(string Namespace, string Name, IReadOnlyList<Condition> Conditions, IReadOnlyList<ListenerStatus> Listeners);
