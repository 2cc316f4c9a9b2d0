using GitGateway.Plan.Model;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 1b: the caps of <c>spec.limits</c> (<see cref="RepoLimits"/>) on the repository and on each team's folder:
/// manifest files, their bytes, route objects and the distinct hostnames routes name. Each cap crossed is one
/// <c>LimitExceeded</c> error (<see cref="LimitDiagnostics"/>). The Git reader already stops at the repository's
/// file and byte caps before reading content; this step holds the same line for files read from disk.
/// </summary>
internal static class LimitStep
{
    public static void Run(RenderContext c)
    {
        var config = c.Layout.Config;
        var limits = config?.Limits ?? RepoLimits.Default;
        var files = Sorted(c.Input.Files.Where(f => SourceFiles.HasManifestExtension(f.Path)).ToList(), (a, b) => string.CompareOrdinal(a.Path, b.Path));
        var routes = Sorted(c.Set.Routes, (a, b) =>
        {
            var order = string.CompareOrdinal(a.Object.Mark.File, b.Object.Mark.File);
            order = order != 0 ? order : a.Object.Mark.Line.CompareTo(b.Object.Mark.Line);
            return order != 0 ? order : a.Object.Mark.Column.CompareTo(b.Object.Mark.Column);
        });
        foreach (var kind in Enum.GetValues<LimitKind>())
        {
            var cap = limits.Repository.Of(kind);
            if (Over(Items(kind, files, routes), cap) is { } over)
            {
                c.Diagnostics.Add(LimitDiagnostics.RepositoryOver(kind, cap, over.Actual, over.FirstOver, config));
            }
        }

        var teams = c.Layout.Teams;
        var teamFiles = ByTeam(teams, files, f => f.Path);
        var teamRoutes = ByTeam(teams, routes, r => r.Object.Mark.File);
        for (var t = 0; t < teams.Count; t++)
        {
            foreach (var kind in Enum.GetValues<LimitKind>())
            {
                var cap = limits.Team.Of(kind);
                if (Over(Items(kind, teamFiles[t], teamRoutes[t]), cap) is { } over)
                {
                    c.Diagnostics.Add(LimitDiagnostics.TeamOver(teams[t], kind, cap, over.Actual, over.FirstOver));
                }
            }
        }
    }

    // The items in order: as they are when they already are (files come sorted by path, routes in file order), else a
    // stable sort (items the order cannot tell apart keep their places, as OrderBy keeps them).
    private static List<T> Sorted<T>(List<T> items, Comparison<T> order)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (order(items[i - 1], items[i]) > 0)
            {
                return [.. items.Order(Comparer<T>.Create(order))];
            }
        }

        return items;
    }

    // Each team's items (those in its folder, nested teams' included), in the order of items; the teams of a path are
    // found once for all the items in that file.
    private static List<T>[] ByTeam<T>(IReadOnlyList<LayoutTeam> teams, List<T> items, Func<T, string> path)
    {
        var result = new List<T>[teams.Count];
        for (var t = 0; t < result.Length; t++)
        {
            result[t] = [];
        }

        var holding = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var p = path(item);
            if (!holding.TryGetValue(p, out var positions))
            {
                holding[p] = positions = [.. TeamFolders.Holding(teams, p)];
            }

            foreach (var t in positions)
            {
                result[t].Add(item);
            }
        }

        return result;
    }

    // The total of the items and the first one that took it over the cap, or null within the cap.
    private static (long Actual, SourceMark FirstOver)? Over(IEnumerable<(long Weight, SourceMark Mark)> items, long cap)
    {
        long total = 0;
        SourceMark? first = null;
        foreach (var (weight, mark) in items)
        {
            total += weight;
            if (total > cap && first is null)
            {
                first = mark;
            }
        }

        return first is null ? null : (total, first);
    }

    private static IEnumerable<(long Weight, SourceMark Mark)> Items(LimitKind kind, List<SourceFile> files, List<RouteObject> routes) => kind switch
    {
        LimitKind.Files => files.Select(f => (1L, new SourceMark(f.Path, 1, 1))),
        LimitKind.Bytes => files.Select(f => ((long)f.Content.Length, new SourceMark(f.Path, 1, 1))),
        LimitKind.Routes => routes.Select(r => (1L, r.Object.Mark)),
        _ => DistinctHostnames(routes),
    };

    private static IEnumerable<(long Weight, SourceMark Mark)> DistinctHostnames(List<RouteObject> routes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            foreach (var hostname in route.Hostnames)
            {
                if (seen.Add(hostname))
                {
                    yield return (1L, route.Object.Mark);
                }
            }
        }
    }
}
