namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A kind the repository carries that GitGateway does not read, listed under <c>spec.ignoredKinds</c> of
/// <c>gitgateway.yaml</c>. In a config repository every other unknown apiVersion or kind is an error, so a typo
/// cannot quietly drop a route.
/// </summary>
/// <param name="ApiVersion">The exact apiVersion, e.g. <c>apps/v1</c>.</param>
/// <param name="Kind">The exact kind, e.g. <c>Deployment</c>.</param>
public sealed record IgnoredKind(string ApiVersion, string Kind);
