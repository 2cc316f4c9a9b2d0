namespace GitGateway.Renderer.Ingress;

/// <summary>
/// A TLS host of an Ingress: certificates live on the platform's Gateways, so the team asks the platform for an
/// HTTPS listener (or a certificate on an existing one) serving <see cref="Host"/>.
/// </summary>
/// <param name="Host">The hostname.</param>
/// <param name="SecretNamespace">The namespace of the Ingress's TLS Secret.</param>
/// <param name="SecretName">The Secret the Ingress named, or null when it relied on the controller's default certificate.</param>
/// <param name="Ingress"><c>namespace/name</c> of the Ingress.</param>
/// <param name="CoveredBy">An HTTPS listener of the repository whose hostname covers the host (<c>ns/gateway/listener</c>), or null.</param>
public sealed record IngressListenerRequest(string Host, string SecretNamespace, string? SecretName, string Ingress, string? CoveredBy);
