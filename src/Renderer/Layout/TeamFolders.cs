using System.Runtime.CompilerServices;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// The teams whose folder holds a path, found by the path's own folders (one dictionary look-up per '/') instead of
/// a test of every team: a 10,000-route repository of 200 teams asked every team for every file and route. The
/// answer is the one of <c>path.StartsWith(team.Directory)</c> for each team: a folder ends with '/', so it is a
/// prefix of a path exactly when it is the path up to one of its slashes. A team list with a folder that does not
/// end with '/' is answered by that test itself.
/// </summary>
internal static class TeamFolders
{
    private static readonly ConditionalWeakTable<IReadOnlyList<LayoutTeam>, Dictionary<string, List<int>>?> Indexes = new();

    /// <summary>
    /// The positions in <paramref name="teams"/> of the teams whose folder holds <paramref name="path"/>: the longest
    /// folder first, teams with the same folder in list order.
    /// </summary>
    public static IEnumerable<int> Holding(IReadOnlyList<LayoutTeam> teams, string path)
    {
        if (Indexes.GetValue(teams, Index) is not { } index)
        {
            return Enumerable.Range(0, teams.Count).Where(i => path.StartsWith(teams[i].Directory, StringComparison.Ordinal))
                .OrderByDescending(i => teams[i].Directory.Length);
        }

        return ByPrefix(index, path);
    }

    private static IEnumerable<int> ByPrefix(Dictionary<string, List<int>> index, string path)
    {
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var slash = path.LastIndexOf('/'); slash >= 0; slash = slash == 0 ? -1 : path.LastIndexOf('/', slash - 1))
        {
            if (lookup.TryGetValue(path.AsSpan(0, slash + 1), out var positions))
            {
                foreach (var position in positions)
                {
                    yield return position;
                }
            }
        }

        if (index.TryGetValue("", out var everywhere))
        {
            foreach (var position in everywhere)
            {
                yield return position;
            }
        }
    }

    private static Dictionary<string, List<int>>? Index(IReadOnlyList<LayoutTeam> teams)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < teams.Count; i++)
        {
            var folder = teams[i].Directory;
            if (folder.Length > 0 && folder[^1] != '/')
            {
                return null;
            }

            if (!index.TryGetValue(folder, out var positions))
            {
                index[folder] = positions = [];
            }

            positions.Add(i);
        }

        return index;
    }
}
