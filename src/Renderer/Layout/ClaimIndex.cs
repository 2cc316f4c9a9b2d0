using System.Runtime.CompilerServices;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// Every team's hostname claims by the name each is made on (a wildcard's without its <c>*.</c>), case-insensitively,
/// built once per list of teams: a 10,000-route repository of 200 teams tested every claim of every team against every
/// route hostname. A claim overlaps a hostname that is not a wildcard only when it is that name or a wildcard on one
/// of its parent domains (<see cref="HostnameClaims.Overlap"/>), so the claims made on the hostname and on each of its
/// parent domains are all that can; the caller still tests each of them.
/// </summary>
internal static class ClaimIndex
{
    private static readonly ConditionalWeakTable<IReadOnlyList<LayoutTeam>, Dictionary<string, List<(int Team, int Claim)>>> Indexes = new();

    /// <summary>
    /// The positions (team in <paramref name="teams"/>, claim in its hostnames) of every claim that may overlap
    /// <paramref name="host"/>, which must not be a wildcard, in list order: a superset of those that do.
    /// </summary>
    public static List<(int Team, int Claim)> Near(IReadOnlyList<LayoutTeam> teams, string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lookup = Indexes.GetValue(teams, Index).GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new List<(int Team, int Claim)>();
        var rest = host.AsSpan();
        while (true)
        {
            if (lookup.TryGetValue(rest, out var claims))
            {
                found.AddRange(claims);
            }

            var dot = rest.IndexOf('.');
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        found.Sort();
        return found;
    }

    private static Dictionary<string, List<(int Team, int Claim)>> Index(IReadOnlyList<LayoutTeam> teams)
    {
        var index = new Dictionary<string, List<(int Team, int Claim)>>(StringComparer.OrdinalIgnoreCase);
        for (var t = 0; t < teams.Count; t++)
        {
            var hostnames = teams[t].Team.Hostnames;
            for (var c = 0; c < hostnames.Count; c++)
            {
                var name = hostnames[c].StartsWith("*.", StringComparison.Ordinal) ? hostnames[c][2..] : hostnames[c];
                if (!index.TryGetValue(name, out var claims))
                {
                    index[name] = claims = [];
                }

                claims.Add((t, c));
            }
        }

        return index;
    }
}
