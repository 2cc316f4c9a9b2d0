using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What a change does to the teams' claims: teams added or removed, and per team the hostnames, namespaces,
/// services, certificates, owners and role added or removed; and the delegations of <c>gitgateway.yaml</c>.
/// These need the platform's review whatever the traffic change is, so the review lists them first.
/// </summary>
internal static class ClaimChanges
{
    public static IReadOnlyList<ClaimChange> Of(RepoLayoutInfo? before, RepoLayoutInfo? after)
    {
        var changes = new List<ClaimChange>();
        if (after is null || !after.IsLayout)
        {
            return changes;
        }

        var old = (before?.Teams ?? []).ToDictionary(t => t.Directory, StringComparer.Ordinal);
        var now = after.Teams.ToDictionary(t => t.Directory, StringComparer.Ordinal);
        foreach (var dir in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var file = dir + RepoLayout.TeamFileName;
            var (a, b) = (old.GetValueOrDefault(dir)?.Team, now.GetValueOrDefault(dir)?.Team);
            if (a is null)
            {
                changes.Add(new ClaimChange(b!.Name, file, $"new team {b.Name}: {Describe(b)}"));
            }
            else if (b is null)
            {
                changes.Add(new ClaimChange(a.Name, file, $"team {a.Name} removed (it claimed {Describe(a)})"));
            }
            else
            {
                changes.AddRange(Compare(a, b).Select(c => new ClaimChange(b.Name, file, c)));
            }
        }

        var delegations = Set(before?.Config?.Delegations.Select(DelegationText));
        var nowDelegations = Set(after.Config?.Delegations.Select(DelegationText));
        changes.AddRange(Diff("delegations", delegations, nowDelegations).Select(c => new ClaimChange("platform", GitGatewayConfig.FileName, c)));
        return changes;
    }

    private static IEnumerable<string> Compare(Team a, Team b)
    {
        var lines = new List<string>();
        lines.AddRange(Diff("hostnames", Set(a.Hostnames), Set(b.Hostnames)));
        lines.AddRange(Diff("namespaces", Set(a.Namespaces), Set(b.Namespaces)));
        lines.AddRange(Diff("services", Set(a.Services.Select(ServiceText)), Set(b.Services.Select(ServiceText))));
        lines.AddRange(Diff("certificates", Set(a.Certificates.Select(c => $"{c.Namespace}/{c.Name}")), Set(b.Certificates.Select(c => $"{c.Namespace}/{c.Name}"))));
        lines.AddRange(Diff("owners", Set(a.Owners), Set(b.Owners)));
        if (a.Role != b.Role)
        {
            lines.Add($"role {a.Role} → {b.Role}");
        }

        if (a.Name != b.Name)
        {
            lines.Add($"renamed {a.Name} → {b.Name}");
        }

        return lines.Select(l => $"team {b.Name}: {l}");
    }

    private static IEnumerable<string> Diff(string what, SortedSet<string> before, SortedSet<string> after)
    {
        var added = after.Except(before).ToList();
        var removed = before.Except(after).ToList();
        if (added.Count > 0)
        {
            yield return $"{what} added: {string.Join(", ", added)}";
        }

        if (removed.Count > 0)
        {
            yield return $"{what} removed: {string.Join(", ", removed)}";
        }
    }

    private static string Describe(Team t) =>
        $"hostnames {List(t.Hostnames)}; namespaces {List(t.Namespaces)}; services {List(t.Services.Select(ServiceText))}; "
        + $"certificates {List(t.Certificates.Select(c => $"{c.Namespace}/{c.Name}"))}; owners {List(t.Owners)}";

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }

    private static string ServiceText(TeamService s) => $"{(s.Namespace is null ? "" : s.Namespace + "/")}{s.Name}:{string.Join("/", s.Ports)}";

    private static string DelegationText(HostnameDelegation d) => $"{d.Hostname} → {string.Join(", ", d.Teams)}";

    private static SortedSet<string> Set(IEnumerable<string>? items) => new(items ?? [], StringComparer.Ordinal);
}
