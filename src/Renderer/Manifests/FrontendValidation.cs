using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>Client certificate validation of HTTPS listeners (Gateway spec.tls.frontend).</summary>
public sealed record FrontendValidation(IReadOnlyList<RefSpec> CaCertificateRefs, string Mode, SourceMark Mark);
