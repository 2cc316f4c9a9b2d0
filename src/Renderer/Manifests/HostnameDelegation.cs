using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The platform's explicit permission (<c>spec.delegations</c> in <c>gitgateway.yaml</c>) for several teams to
/// claim hostnames within <see cref="Hostname"/> at once; without it, two teams' overlapping claims are an error.
/// </summary>
/// <param name="Hostname">An exact hostname or a <c>*.suffix</c> wildcard, lowercase.</param>
/// <param name="Teams">The teams that share it.</param>
/// <param name="Mark">Where the delegation is written.</param>
public sealed record HostnameDelegation(string Hostname, IReadOnlyList<string> Teams, SourceMark Mark)
{
    /// <summary>Whether this delegation lets <paramref name="a"/> and <paramref name="b"/> share <paramref name="host"/>.</summary>
    public bool Covers(string host, string a, string b) =>
        Hostnames.IsWithin(host, Hostname) && Teams.Contains(a, StringComparer.Ordinal) && Teams.Contains(b, StringComparer.Ordinal);
}
