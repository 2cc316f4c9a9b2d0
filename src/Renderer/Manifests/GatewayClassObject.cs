namespace GitGateway.Renderer.Manifests;

/// <summary>A GatewayClass as read.</summary>
internal sealed record GatewayClassObject(ManifestObject Object, string ControllerName);
