namespace GitGateway.Plan.Model;

/// <summary>TLS settings of a listener.</summary>
/// <param name="Mode">Terminate or Passthrough.</param>
/// <param name="CertificateRefs">Server certificates (Terminate); the node picks by SNI among them.</param>
/// <param name="ClientValidation">Client certificate validation (mutual TLS), or null.</param>
public sealed record ListenerTls(
    TlsMode Mode,
    EquatableArray<CertificateRef> CertificateRefs,
    ClientValidation? ClientValidation);
