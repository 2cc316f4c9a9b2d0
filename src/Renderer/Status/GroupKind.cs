namespace GitGateway.Renderer.Status;

/// <summary>A group and kind, as in a listener's <c>supportedKinds</c>.</summary>
public sealed record GroupKind(string Group, string Kind);
