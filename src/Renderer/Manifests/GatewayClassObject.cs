namespace GitGateway.Renderer.Manifests;

/// <summary>A GatewayClass as read.</summary>
public sealed record GatewayClassObject(ManifestObject Object, string ControllerName);
