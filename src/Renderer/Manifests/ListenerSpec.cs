using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A Gateway listener as read.</summary>
/// <param name="Name">The listener name.</param>
/// <param name="Hostname">The hostname, lowercased, or null.</param>
/// <param name="Port">The port (1–65535).</param>
/// <param name="Protocol">The protocol as written.</param>
/// <param name="TlsMode">The TLS mode as written (default Terminate when tls is present), or null.</param>
/// <param name="CertificateRefs">tls.certificateRefs.</param>
/// <param name="From">allowedRoutes.namespaces.from: All, Same, Selector (default Same).</param>
/// <param name="Selector">The namespace selector for From=Selector.</param>
/// <param name="Kinds">allowedRoutes.kinds, or null when not given.</param>
/// <param name="Mark">Where the listener is written.</param>
internal sealed record ListenerSpec(
    string Name,
    string? Hostname,
    int Port,
    string Protocol,
    string? TlsMode,
    IReadOnlyList<RefSpec> CertificateRefs,
    string From,
    LabelSelector? Selector,
    IReadOnlyList<RefSpec>? Kinds,
    SourceMark Mark);
