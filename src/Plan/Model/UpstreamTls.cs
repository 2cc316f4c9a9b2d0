namespace GitGateway.Plan.Model;

/// <summary>
/// TLS from the node to a backend (Gateway API BackendTLSPolicy, GEP-1897). The node opens TLS with
/// <see cref="Sni"/>, validates the backend's chain against <see cref="CaCertificateRefs"/> or, with
/// <see cref="SystemRoots"/>, the node's system roots, and checks the certificate's names: one of
/// <see cref="SubjectAltNames"/> when given, else <see cref="Sni"/>. A handshake that fails is a failed request;
/// the node never falls back to plaintext or skips validation. Only names travel here, never key material.
/// </summary>
/// <param name="Policy">The BackendTLSPolicy this came from.</param>
/// <param name="Sni">The hostname sent as SNI (validation.hostname).</param>
/// <param name="CaCertificateRefs">Trusted CA bundles (ConfigMaps or Secrets with <c>ca.crt</c>), empty with system roots.</param>
/// <param name="SystemRoots">Whether the node's system roots are trusted (wellKnownCACertificates: System).</param>
/// <param name="SubjectAltNames">The names of which the certificate must carry one; empty to check <see cref="Sni"/>.</param>
/// <param name="ClientCertificateRef">The certificate the node presents (the Gateway's spec.tls.backend.clientCertificateRef), or null.</param>
public sealed record UpstreamTls(
    ObjectRef Policy,
    string Sni,
    EquatableArray<CertificateRef> CaCertificateRefs,
    bool SystemRoots,
    EquatableArray<SubjectAltName> SubjectAltNames,
    CertificateRef? ClientCertificateRef);
