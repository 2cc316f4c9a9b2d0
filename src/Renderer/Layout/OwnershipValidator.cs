using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// Team ownership, checked on content (ARCHITECTURE.md "The config repo"): every object lives in a
/// namespace of the team whose folder holds it; route and ListenerSet listener hostnames fall inside the team's
/// hostnames (<see cref="ListenerHostnameOwnership"/>); only the
/// platform team defines GatewayClass, Gateway, ProxyVIP, ProxyVIPPool and Gateway-targeting policies; files live under
/// the platform or a team folder. Objects that break a rule are reported and left out of the render.
/// </summary>
internal static class OwnershipValidator
{
    private static readonly HashSet<string> PlatformOnly = new(StringComparer.Ordinal) { "GatewayClass", "Gateway", "ProxyVIP", "ProxyVIPPool" };

    /// <summary>Checks <paramref name="set"/> against <paramref name="layout"/>, removing objects that break a rule.</summary>
    public static void Apply(RepoLayoutInfo layout, IEnumerable<string> paths, ManifestSet set, DiagnosticBag d)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(d);
        CheckFiles(layout, paths, d);
        CheckNamespaceClaims(layout, d);
        var lookups = new OwnershipLookups(layout);
        var rejected = new HashSet<ManifestObject>(ReferenceEqualityComparer.Instance);
        foreach (var obj in set.All)
        {
            if (!Allowed(layout, lookups, obj, d))
            {
                rejected.Add(obj);
            }
        }

        foreach (var route in set.Routes)
        {
            if (!rejected.Contains(route.Object) && lookups.OwnerOf(route.Object.File) is { Team.IsPlatform: false } owner && !HostnamesOwned(lookups, owner, route, d))
            {
                rejected.Add(route.Object);
            }
        }

        foreach (var ls in set.ListenerSets.Where(ls => !rejected.Contains(ls.Object)))
        {
            if (layout.OwnerOf(ls.Object.File) is { Team.IsPlatform: false } owner && !ListenerHostnameOwnership.Owned(layout, owner, ls, d))
            {
                rejected.Add(ls.Object);
            }
        }

        foreach (var p in set.Policies.Where(p => p.TargetsGateway && !rejected.Contains(p.Object)))
        {
            if (layout.OwnerOf(p.Object.File) is { Team.IsPlatform: false } owner)
            {
                d.Error(DiagnosticCodes.PlatformOnlyKind, p.Target.Mark, $"team {owner.Name} may not attach a policy to a Gateway; gateway-wide policies belong in {layout.Config!.PlatformDir}/");
                rejected.Add(p.Object);
            }
        }

        set.Routes.RemoveAll(r => rejected.Contains(r.Object));
        set.ListenerSets.RemoveAll(ls => rejected.Contains(ls.Object));
        set.Policies.RemoveAll(p => rejected.Contains(p.Object));
        set.Gateways.RemoveAll(g => rejected.Contains(g.Object));
        set.GatewayClasses.RemoveAll(g => rejected.Contains(g.Object));
        set.Vips.RemoveAll(v => rejected.Contains(v.Object));
        set.VipPools.RemoveAll(p => rejected.Contains(p.Object));
        set.Grants.RemoveAll(g => rejected.Contains(g.Object));
    }

    private static bool Allowed(RepoLayoutInfo layout, OwnershipLookups lookups, ManifestObject obj, DiagnosticBag d)
    {
        if (obj.Kind is "Team" or "GitGatewayConfig")
        {
            return true;
        }

        var owner = lookups.OwnerOf(obj.File);
        if (owner is null)
        {
            d.Error(DiagnosticCodes.NotOwner, obj.Mark, $"{obj.Key} is in a folder no team owns: put it under {layout.Config!.PlatformDir}/ or {layout.Config.TeamsDir}/<team>/ (which needs a team.yaml)");
            return false;
        }

        if (PlatformOnly.Contains(obj.Kind) && !owner.Team.IsPlatform)
        {
            d.Error(DiagnosticCodes.PlatformOnlyKind, obj.Mark, $"only the platform team may define a {obj.Kind}; team {owner.Name} cannot: ask the platform team ({layout.Config!.PlatformDir}/)");
            return false;
        }

        if (obj.Namespace is { } ns && !owner.Team.Namespaces.Contains(ns))
        {
            d.Error(DiagnosticCodes.NamespaceNotOwned, obj.Mark,
                $"{obj.Key} is in namespace {ns}, which team {owner.Name} does not own (its namespaces: {string.Join(", ", owner.Team.Namespaces)}): use one of them or add it to {owner.Directory}team.yaml");
            return false;
        }

        return true;
    }

    private static bool HostnamesOwned(OwnershipLookups lookups, LayoutTeam owner, RouteObject route, DiagnosticBag d)
    {
        var team = owner.Team;
        if (!route.IsHttp && route.Kind != "TLSRoute")
        {
            return true;
        }

        if (route.Hostnames.Count == 0)
        {
            d.Error(DiagnosticCodes.HostnameNotOwned, HostnamesMark(route), $"{route.Object.Key} lists no hostnames, so it would claim every hostname of the listener: list hostnames within {string.Join(", ", team.Hostnames)}");
            return false;
        }

        if (route.Hostnames.Any(h => !lookups.Within(owner, h)))
        {
            var bad = route.Hostnames.Where(h => !lookups.Within(owner, h));
            d.Error(DiagnosticCodes.HostnameNotOwned, HostnamesMark(route), $"{route.Object.Key} claims {string.Join(", ", bad)}, outside team {team.Name}'s hostnames ({string.Join(", ", team.Hostnames)})");
            return false;
        }

        foreach (var host in route.Hostnames)
        {
            if (lookups.MoreSpecificOwner(owner, host) is { } other)
            {
                d.Error(DiagnosticCodes.HostnameNotOwned, HostnamesMark(route),
                    $"{route.Object.Key} claims {host}, but team {other.Team.Name} claims {other.Claim} ({HostnameClaims.At(other.Mark)}): "
                    + $"a wider wildcard of team {team.Name} does not reach another team's hostname");
                return false;
            }
        }

        return true;
    }

    // Where a route's hostnames are written, for the error about them (looked up only when there is one).
    private static Plan.Model.SourceMark HostnamesMark(RouteObject route) =>
        route.Object.Document.HostnamesMark(route.Object.File) ?? route.Object.Mark;

    private static void CheckFiles(RepoLayoutInfo layout, IEnumerable<string> paths, DiagnosticBag d)
    {
        var config = layout.Config!;
        foreach (var path in paths)
        {
            var top = path.Split('/')[0];
            var rootFile = !path.Contains('/', StringComparison.Ordinal)
                && (path == GitGatewayConfig.FileName || path == "CODEOWNERS" || path.StartsWith("README", StringComparison.OrdinalIgnoreCase) || path.StartsWith('.'));
            if (rootFile || top == config.PlatformDir || top == ".github" || (top == config.TeamsDir && layout.OwnerOf(path) is not null))
            {
                continue;
            }

            d.Error(DiagnosticCodes.FileOutsideLayout, new Plan.Model.SourceMark(path, 1, 1),
                $"{path} is outside {config.PlatformDir}/ and {config.TeamsDir}/<team>/: move it into the folder of the team that owns it");
        }
    }

    private static void CheckNamespaceClaims(RepoLayoutInfo layout, DiagnosticBag d)
    {
        var claims = new Dictionary<string, LayoutTeam>(StringComparer.Ordinal);
        foreach (var team in layout.Teams)
        {
            foreach (var ns in team.Team.Namespaces)
            {
                if (!claims.TryAdd(ns, team))
                {
                    d.Error(DiagnosticCodes.InvalidTeam, team.Team.Mark,
                        $"namespace {ns} is claimed by team {claims[ns].Name} ({HostnameClaims.At(claims[ns].Team.Mark)}) and team {team.Name} ({HostnameClaims.At(team.Team.Mark)}): a namespace belongs to one team");
                }
            }
        }
    }
}
