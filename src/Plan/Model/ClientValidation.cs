namespace GitGateway.Plan.Model;

/// <summary>Frontend client certificate validation (Gateway <c>spec.tls.frontend</c>).</summary>
/// <param name="CaCertificateRefs">Trusted CA bundles.</param>
/// <param name="Mode"><c>AllowValidOnly</c> or <c>AllowInsecureFallback</c>.</param>
public sealed record ClientValidation(EquatableArray<CertificateRef> CaCertificateRefs, string Mode);
