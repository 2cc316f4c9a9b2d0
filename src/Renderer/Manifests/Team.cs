using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A Team (<c>teams/&lt;team&gt;/team.yaml</c> or <c>platform/team.yaml</c>): who owns which namespaces and hostnames.</summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Role"><c>team</c> or <c>platform</c>.</param>
/// <param name="Owners">GitHub users or teams, for CODEOWNERS.</param>
/// <param name="Namespaces">The namespaces the team's objects may live in.</param>
/// <param name="NamespaceLabels">Labels of those namespaces, for allowedRoutes selectors.</param>
/// <param name="Hostnames">Hostnames (exact or <c>*.suffix</c>) the team's routes may claim.</param>
/// <param name="Services">Backends the team may route to, when no Service object declares them.</param>
/// <param name="Certificates">TLS Secrets known by name only.</param>
/// <param name="Mark">Where the Team is declared.</param>
public sealed record Team(
    string Name,
    string Role,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Namespaces,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<TeamService> Services,
    IReadOnlyList<CertificateRef> Certificates,
    SourceMark Mark)
{
    /// <summary>Whether this is the platform team.</summary>
    public bool IsPlatform => Role == "platform";

    /// <summary>Where each of <see cref="Hostnames"/> is written (same order), for diagnostics that name both sides of a conflict.</summary>
    public IReadOnlyList<SourceMark> HostnameMarks { get; init; } = [];

    /// <summary>Where a hostname claim is written, or the Team's own mark.</summary>
    public SourceMark HostnameMark(int index) => index < HostnameMarks.Count ? HostnameMarks[index] : Mark;
}
