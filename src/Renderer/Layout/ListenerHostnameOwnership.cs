using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// A team owns listeners for its own hostnames: every listener of a team's ListenerSet names a hostname within the
/// team's hostnames (and no other team claims it more precisely), the rule routes follow. A listener without a
/// hostname would take every name on its port, and a TCP or UDP listener a whole port of a shared Gateway; neither
/// is a team's to claim.
/// </summary>
internal static class ListenerHostnameOwnership
{
    /// <summary>Whether every listener of <paramref name="set"/> stays within the hostnames of <paramref name="owner"/>; reports the first that does not.</summary>
    public static bool Owned(RepoLayoutInfo layout, LayoutTeam owner, ListenerSetObject set, DiagnosticBag d)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(d);
        foreach (var l in set.Listeners)
        {
            if (Problem(layout, owner, $"{set.Object.Key} listener '{l.Name}'", l) is { } problem)
            {
                d.Error(DiagnosticCodes.HostnameNotOwned, l.Mark, problem);
                return false;
            }
        }

        return true;
    }

    private static string? Problem(RepoLayoutInfo layout, LayoutTeam owner, string subject, ListenerSpec l)
    {
        var team = owner.Team;
        if (l.Protocol is "TCP" or "UDP")
        {
            return $"{subject} is {l.Protocol} on port {l.Port}, which would take the whole port of a shared Gateway: ask the platform team for a {l.Protocol} listener and attach a {l.Protocol}Route to it";
        }

        if (l.Hostname is not { } host)
        {
            return $"{subject} has no hostname, so it would claim every hostname on port {l.Port}: set a hostname within {string.Join(", ", team.Hostnames)}";
        }

        if (!team.Hostnames.Any(t => Hostnames.IsWithin(host, t)))
        {
            return $"{subject} claims {host}, outside team {team.Name}'s hostnames ({string.Join(", ", team.Hostnames)})";
        }

        return HostnameClaims.MoreSpecificOwner(layout, owner, host) is { } other
            ? $"{subject} claims {host}, but team {other.Team.Name} claims {other.Claim} ({HostnameClaims.At(other.Mark)}): a wider wildcard of team {team.Name} does not reach another team's hostname"
            : null;
    }
}
