namespace GitGateway.Renderer.Layout;

/// <summary>
/// The hostname claims in force before a change: each team's <c>hostnames</c> as its <c>team.yaml</c> read on the
/// base of a pull request, or on the commit the control plane applied last. When two teams' claims overlap, the one
/// that is not established here is the newcomer and carries the <c>ClaimConflict</c>, so the team that held the
/// hostname first is never refused for another team's change (<see cref="HostnameClaims"/>).
/// </summary>
public sealed class EstablishedClaims
{
    private readonly HashSet<(string Team, string Host)> _claims;

    private EstablishedClaims(IEnumerable<(string Team, string Host)> claims) =>
        _claims = new HashSet<(string Team, string Host)>(claims.Select(c => (c.Team, c.Host.ToLowerInvariant())));

    /// <summary>The claims of every team of <paramref name="layout"/> (the platform's included: they conflict with nothing).</summary>
    public static EstablishedClaims Of(RepoLayoutInfo layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new EstablishedClaims(layout.Teams.SelectMany(t => t.Team.Hostnames.Select(h => (t.Name, h))));
    }

    /// <summary>Whether <paramref name="team"/> already claimed exactly <paramref name="hostname"/>.</summary>
    public bool Holds(string team, string hostname) => _claims.Contains((team, hostname.ToLowerInvariant()));
}
