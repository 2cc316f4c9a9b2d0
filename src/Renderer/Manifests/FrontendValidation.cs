using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>Client certificate validation of HTTPS listeners (Gateway spec.tls.frontend).</summary>
internal sealed record FrontendValidation(IReadOnlyList<RefSpec> CaCertificateRefs, string Mode, SourceMark Mark);
