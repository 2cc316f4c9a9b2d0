using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>One <c>spec.tls</c> entry: hosts served with the certificate in <see cref="SecretName"/>.</summary>
internal sealed record IngressTls(IReadOnlyList<string> Hosts, string? SecretName, SourceMark Mark);
