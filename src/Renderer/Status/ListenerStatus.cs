namespace GitGateway.Renderer.Status;

/// <summary>The status of one Gateway listener.</summary>
public sealed record ListenerStatus(string Name, int AttachedRoutes, IReadOnlyList<GroupKind> SupportedKinds, IReadOnlyList<Condition> Conditions);
