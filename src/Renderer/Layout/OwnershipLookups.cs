using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// The answers one ownership check asks again and again, each worked out once: the team owning a file (a
/// repository's routes share a few dozen files) and, for a team and a hostname, whether the team's hostnames reach it
/// and which other team claims it more specifically (thousands of routes name a handful of hostnames). The same
/// answers as <see cref="RepoLayoutInfo.OwnerOf"/>, <see cref="Hostnames.IsWithin"/> and
/// <see cref="HostnameClaims.MoreSpecificOwner"/>; held for one check of one layout only.
/// </summary>
internal sealed class OwnershipLookups(RepoLayoutInfo layout)
{
    private readonly Dictionary<string, LayoutTeam?> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<LayoutTeam, Dictionary<string, Verdict>> _hosts = new(ReferenceEqualityComparer.Instance);

    /// <summary>The team whose folder holds <paramref name="file"/>, or null.</summary>
    public LayoutTeam? OwnerOf(string file)
    {
        if (!_owners.TryGetValue(file, out var owner))
        {
            _owners[file] = owner = layout.OwnerOf(file);
        }

        return owner;
    }

    /// <summary>Whether one of <paramref name="team"/>'s hostnames reaches <paramref name="host"/>.</summary>
    public bool Within(LayoutTeam team, string host) => Of(team, host).Within;

    /// <summary>Another team's claim on <paramref name="host"/> more specific than <paramref name="team"/>'s, or null.</summary>
    public (LayoutTeam Team, string Claim, SourceMark Mark)? MoreSpecificOwner(LayoutTeam team, string host) => Of(team, host).Other;

    private Verdict Of(LayoutTeam team, string host)
    {
        if (!_hosts.TryGetValue(team, out var byHost))
        {
            _hosts[team] = byHost = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        }

        if (!byHost.TryGetValue(host, out var verdict))
        {
            var within = team.Team.Hostnames.Any(t => Hostnames.IsWithin(host, t));
            byHost[host] = verdict = new Verdict(within, within ? HostnameClaims.MoreSpecificOwner(layout, team, host) : null);
        }

        return verdict;
    }

    private readonly record struct Verdict(bool Within, (LayoutTeam Team, string Claim, SourceMark Mark)? Other);
}
