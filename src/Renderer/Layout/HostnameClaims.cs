using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// Hostnames belong to one team. Two teams' claims overlap when they are equal or one lies within the other (a
/// Gateway API wildcard <c>*.example.com</c> matches any name ending in <c>.example.com</c>, so two wildcards overlap
/// exactly when one covers the other); that is an error unless the platform shares the hostname between them with
/// <c>spec.delegations</c>. The platform team's own hostnames are the pool it grants from and conflict with nothing.
/// A route's hostname belongs to the team with the most specific claim on it, so a wide wildcard never reaches a
/// hostname another team claims more precisely.
/// </summary>
internal static class HostnameClaims
{
    /// <summary>
    /// Reports every pair of teams whose claims overlap without a delegation, naming both files and lines. The error is
    /// placed at the newcomer's claim, so only the team whose change made the conflict is refused (team isolation
    /// keeps the other serving): a team holding the hostname by a delegation that does not name the other team is
    /// never blamed; else, with <paramref name="established"/> known, a claim held there is not blamed when the other
    /// is new; else (no history, both new, or both held before) neither can be told apart and both claims are.
    /// </summary>
    public static void CheckOverlaps(IReadOnlyList<LayoutTeam> teams, GitGatewayConfig config, EstablishedClaims? established, DiagnosticBag d)
    {
        var claims = teams.Where(t => !t.Team.IsPlatform)
            .SelectMany(t => t.Team.Hostnames.Select((h, i) => new Claim(t, h, t.Team.HostnameMark(i))))
            .ToList();
        for (var j = 0; j < claims.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                var (a, b) = (claims[i], claims[j]);
                if (a.Team.Name == b.Team.Name || !Overlap(a.Host, b.Host) || Delegated(config, a.Host, b.Host, a.Team.Name, b.Team.Name))
                {
                    continue;
                }

                foreach (var (newcomer, holder, why) in Blame(a, b, config, established))
                {
                    d.Error(DiagnosticCodes.ClaimConflict, newcomer.Mark,
                        $"team {newcomer.Team.Name} claims {newcomer.Host} ({At(newcomer.Mark)}), which overlaps {holder.Host} claimed by team {holder.Team.Name} ({At(holder.Mark)}){why}: "
                        + "a hostname belongs to one team; the platform may share it with spec.delegations in gitgateway.yaml");
                }
            }
        }
    }
    /// <summary>Checks each delegation names teams that exist.</summary>
    public static void CheckDelegations(IReadOnlyList<LayoutTeam> teams, GitGatewayConfig config, DiagnosticBag d)
    {
        var names = teams.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var delegation in config.Delegations)
        {
            foreach (var team in delegation.Teams.Where(t => !names.Contains(t)))
            {
                d.Error(DiagnosticCodes.InvalidTeam, delegation.Mark, $"the delegation of {delegation.Hostname} names team {team}, which has no team.yaml");
            }
        }
    }

    /// <summary>
    /// Another team whose claim on <paramref name="host"/> is more specific than every claim of <paramref name="team"/>
    /// (for a wildcard <paramref name="host"/>: a claim within it), and is not shared by a delegation; or null.
    /// </summary>
    public static (LayoutTeam Team, string Claim, SourceMark Mark)? MoreSpecificOwner(RepoLayoutInfo layout, LayoutTeam team, string host)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(host);
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            return MoreSpecificOwnerByScan(layout, team, host);
        }

        // The same test as the scan, on the claims that can overlap (ClaimIndex), met in the scan's order.
        var own = OwnSpecificity(team, host);
        foreach (var (t, i) in ClaimIndex.Near(layout.Teams, host))
        {
            var other = layout.Teams[t];
            if (other.Name != team.Name && MoreSpecific(layout, team, other, i, host, own) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary><see cref="MoreSpecificOwner"/> by testing every claim of every other team (a wildcard <paramref name="host"/>'s way).</summary>
    internal static (LayoutTeam Team, string Claim, SourceMark Mark)? MoreSpecificOwnerByScan(RepoLayoutInfo layout, LayoutTeam team, string host)
    {
        var own = OwnSpecificity(team, host);
        foreach (var other in layout.Teams.Where(t => t.Name != team.Name))
        {
            for (var i = 0; i < other.Team.Hostnames.Count; i++)
            {
                if (MoreSpecific(layout, team, other, i, host, own) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static int OwnSpecificity(LayoutTeam team, string host) =>
        team.Team.Hostnames.Where(c => Hostnames.IsWithin(host, c)).Select(Specificity).DefaultIfEmpty(-1).Max();

    private static (LayoutTeam Team, string Claim, SourceMark Mark)? MoreSpecific(RepoLayoutInfo layout, LayoutTeam team, LayoutTeam other, int i, string host, int own)
    {
        var claim = other.Team.Hostnames[i];
        return Overlap(host, claim) && Specificity(claim) > own && !Delegated(layout.Config!, host, claim, team.Name, other.Name)
            ? (other, claim, other.Team.HostnameMark(i))
            : null;
    }

    // Which of two overlapping claims carry the error, each with the claim it overlaps and why the other is spared.
    private static IEnumerable<(Claim Newcomer, Claim Holder, string Why)> Blame(Claim a, Claim b, GitGatewayConfig config, EstablishedClaims? established)
    {
        var (aGranted, bGranted) = (Granted(config, a), Granted(config, b));
        if (aGranted != bGranted)
        {
            var (granted, other) = aGranted ? (a, b) : (b, a);
            return [(other, granted, $", which the platform delegates to team {granted.Team.Name} in gitgateway.yaml")];
        }

        var (aHeld, bHeld) = (established?.Holds(a.Team.Name, a.Host) ?? false, established?.Holds(b.Team.Name, b.Host) ?? false);
        if (aHeld != bHeld)
        {
            var (held, other) = aHeld ? (a, b) : (b, a);
            return [(other, held, $" before this change")];
        }

        return [(a, b, ""), (b, a, "")];
    }

    // A claim within a delegation naming its team (but not the other's, or the pair would be shared) is the platform's grant.
    private static bool Granted(GitGatewayConfig config, Claim c) =>
        config.Delegations.Any(d => Hostnames.IsWithin(c.Host, d.Hostname) && d.Teams.Contains(c.Team.Name, StringComparer.Ordinal));

    /// <summary>Whether some hostname matches both patterns.</summary>
    public static bool Overlap(string a, string b) => Hostnames.IsWithin(a, b) || Hostnames.IsWithin(b, a);

    public static string At(SourceMark mark) => $"{mark.File}:{mark.Line}";

    // An exact name is more specific than any wildcard; a longer wildcard suffix more than a shorter one.
    private static int Specificity(string claim) => claim.StartsWith("*.", StringComparison.Ordinal) ? claim.Length : int.MaxValue;

    private static bool Delegated(GitGatewayConfig config, string a, string b, string teamA, string teamB) =>
        config.Delegations.Any(d => d.Covers(a, teamA, teamB) || d.Covers(b, teamA, teamB));

    private sealed record Claim(LayoutTeam Team, string Host, SourceMark Mark);
}
