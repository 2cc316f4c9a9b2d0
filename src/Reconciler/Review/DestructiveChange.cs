using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Whether a change stops serving something on a large scale, and what: a team removed (or left without a
/// route), a VIP withdrawn, more than the configured share of routes or hostnames removed (<c>destructiveRemovalPercent</c>
/// in <c>gitgateway.yaml</c>, default 20; the lower of the base's and the head's counts, so a change cannot raise it
/// for itself), or a head that renders no route at all. Such a change needs the explicit
/// <see cref="DestructiveOverride"/> to be applied.
/// </summary>
internal sealed record DestructiveChange(IReadOnlyList<string> Reasons)
{
    private const int MaxListed = 10;

    public static DestructiveChange None { get; } = new([]);

    public bool IsDestructive => Reasons.Count > 0;

    public static DestructiveChange Of(RoutingPlan? before, RoutingPlan after, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout) =>
        Of(before, after, KeyedEntry.Index(before), KeyedEntry.Index(after), beforeLayout, afterLayout);

    /// <summary>
    /// As above, with the entry indexes of both plans already built (the review builds them for its traffic lines).
    /// Each side's hostnames are gathered once, each entry's owner is looked up once and by its folder (a team owns
    /// folders, and a repository's thousands of route files sit in a few hundred of them), and each entry's route name
    /// is the one <see cref="RouteCounts"/> reads (<see cref="KeyedEntry.RouteName"/>).
    /// </summary>
    public static DestructiveChange Of(
        RoutingPlan? before, RoutingPlan after, SortedDictionary<string, KeyedEntry> old, SortedDictionary<string, KeyedEntry> now, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout)
    {
        var reasons = new List<string>();
        var oldHosts = Hosts(old);
        var nowHosts = Hosts(now);
        if (now.Count == 0)
        {
            reasons.Add(old.Count == 0
                ? "the head renders no route: nothing would be served"
                : $"the head renders no route: all {old.Count} route entries and {oldHosts.Count} hostnames stop being served");
        }

        Teams(old, now, nowHosts, beforeLayout, afterLayout, reasons);
        foreach (var vip in (before?.Vips ?? default).SelectMany(v => v.Addresses.Select(a => (v.Name, Address: a)))
            .Where(v => !after.Vips.Any(n => n.Addresses.Contains(v.Address))))
        {
            reasons.Add($"VIP {vip.Name} ({vip.Address}) is withdrawn: routers stop sending its traffic to the nodes");
        }

        var percent = Math.Min(
            beforeLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent,
            afterLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent);
        Share("routes", Routes(old), Routes(now), percent, reasons);
        Share("hostnames", oldHosts, nowHosts, percent, reasons);
        return new DestructiveChange(reasons);
    }

    private static void Teams(
        SortedDictionary<string, KeyedEntry> old,
        SortedDictionary<string, KeyedEntry> now,
        HashSet<string> nowHosts,
        RepoLayoutInfo? beforeLayout,
        RepoLayoutInfo? afterLayout,
        List<string> reasons)
    {
        if (beforeLayout is not { IsLayout: true })
        {
            return;
        }

        var stillThere = (afterLayout?.Teams ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var serving = TeamsServing(now, afterLayout);
        // The base's entries by owner, each owner looked up once: the teams that served before are its keys.
        var hostsByOwner = HostsByOwner(old, beforeLayout);
        foreach (var team in beforeLayout.Teams.Where(t => !t.Team.IsPlatform))
        {
            var servedBefore = hostsByOwner.TryGetValue(team.Name, out var hosts);
            var lost = (hosts ?? []).Where(h => !nowHosts.Contains(h)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var what = lost.Count == 0 ? "" : $": {Listed(lost)} stop being served";
            if (!stillThere.Contains(team.Name))
            {
                reasons.Add($"team {team.Name} is removed ({team.Directory}){what}");
            }
            else if (servedBefore && !serving.Contains(team.Name))
            {
                reasons.Add($"team {team.Name} loses every route{what}");
            }
        }
    }

    private static void Share(string what, HashSet<string> before, HashSet<string> after, int percent, List<string> reasons)
    {
        var removed = before.Except(after).Order(StringComparer.Ordinal).ToList();
        if (before.Count == 0 || removed.Count * 100L <= percent * (long)before.Count)
        {
            return;
        }

        var share = (removed.Count * 100.0 / before.Count).ToString("0", CultureInfo.InvariantCulture);
        reasons.Add($"{removed.Count} of {before.Count} {what} ({share}%, more than {percent}%) are removed: {Listed(removed)}");
    }

    private static HashSet<string> TeamsServing(SortedDictionary<string, KeyedEntry> index, RepoLayoutInfo? layout)
    {
        var owners = new EntryOwners(layout);
        var serving = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in index.Values)
        {
            if (owners.Of(e) is { } owner)
            {
                serving.Add(owner);
            }
        }

        return serving;
    }

    /// <summary>The hostnames of the entries each team owns, in index order (an entry no team owns is left out).</summary>
    private static Dictionary<string, List<string>> HostsByOwner(SortedDictionary<string, KeyedEntry> index, RepoLayoutInfo layout)
    {
        var owners = new EntryOwners(layout);
        var byOwner = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in index.Values)
        {
            if (owners.Of(e) is not { } owner)
            {
                continue;
            }

            if (!byOwner.TryGetValue(owner, out var hosts))
            {
                byOwner[owner] = hosts = [];
            }

            hosts.Add(e.Host);
        }

        return byOwner;
    }

    private static HashSet<string> Routes(SortedDictionary<string, KeyedEntry> index) => index.Values.Select(e => e.RouteName).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Hosts(SortedDictionary<string, KeyedEntry> index) => index.Values.Select(e => e.Host).ToHashSet(StringComparer.Ordinal);

    private static string Listed(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxListed)) + (items.Count > MaxListed ? $" and {items.Count - MaxListed} more" : "");
}
