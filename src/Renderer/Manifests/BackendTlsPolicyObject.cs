using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A BackendTLSPolicy as read (https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicy).</summary>
/// <param name="Object">The object.</param>
/// <param name="Targets">spec.targetRefs (group, kind, name, sectionName = the Service port's name).</param>
/// <param name="CaCertificateRefs">spec.validation.caCertificateRefs, in the policy's namespace.</param>
/// <param name="WellKnownCaCertificates">spec.validation.wellKnownCACertificates, or null.</param>
/// <param name="Hostname">spec.validation.hostname: the SNI, and the name checked when no subjectAltNames are given.</param>
/// <param name="SubjectAltNames">spec.validation.subjectAltNames.</param>
/// <param name="Mark">Where spec.validation is written (the policy's start when it is missing).</param>
internal sealed record BackendTlsPolicyObject(
    ManifestObject Object,
    IReadOnlyList<RefSpec> Targets,
    IReadOnlyList<RefSpec> CaCertificateRefs,
    string? WellKnownCaCertificates,
    string? Hostname,
    IReadOnlyList<SubjectAltName> SubjectAltNames,
    SourceMark Mark)
{
    /// <summary>The namespace.</summary>
    public string Namespace => Object.Namespace!;

    /// <summary>The name.</summary>
    public string Name => Object.Name;
}
