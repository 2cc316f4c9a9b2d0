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
    /// Each side's hostnames and route names are gathered once, and each entry's owner is looked up once and by its
    /// folder (<see cref="EntryOwners"/>), through <see cref="ComparedIndex"/>.
    /// </summary>
    public static DestructiveChange Of(
        RoutingPlan? before, RoutingPlan after, SortedDictionary<string, KeyedEntry> old, SortedDictionary<string, KeyedEntry> now, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout) =>
        Of(before, after, new ComparedIndex(old), new ComparedIndex(now), beforeLayout, afterLayout);

    /// <summary>As above, with both sides' walks kept where a side was compared before (the apply keeps the head's for the next commit).</summary>
    public static DestructiveChange Of(
        RoutingPlan? before, RoutingPlan after, ComparedIndex old, ComparedIndex now, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout)
    {
        var reasons = new List<string>();
        if (now.Entries.Count == 0)
        {
            reasons.Add(old.Entries.Count == 0
                ? "the head renders no route: nothing would be served"
                : $"the head renders no route: all {old.Entries.Count} route entries and {old.Hosts.Count} hostnames stop being served");
        }

        Teams(old, now, beforeLayout, afterLayout, reasons);
        foreach (var vip in (before?.Vips ?? default).SelectMany(v => v.Addresses.Select(a => (v.Name, Address: a)))
            .Where(v => !after.Vips.Any(n => n.Addresses.Contains(v.Address))))
        {
            reasons.Add($"VIP {vip.Name} ({vip.Address}) is withdrawn: routers stop sending its traffic to the nodes");
        }

        var percent = Math.Min(
            beforeLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent,
            afterLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent);
        Share("routes", old.Routes, now.Routes, percent, reasons);
        Share("hostnames", old.Hosts, now.Hosts, percent, reasons);
        return new DestructiveChange(reasons);
    }

    private static void Teams(ComparedIndex old, ComparedIndex now, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout, List<string> reasons)
    {
        if (beforeLayout is not { IsLayout: true })
        {
            return;
        }

        var stillThere = (afterLayout?.Teams ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var serving = afterLayout is null ? null : now.OwnersUnder(afterLayout);
        // Each entry's owner is looked up once per side and the head's hostnames gathered once, not once per team: at
        // 200 teams and 10,000 routes the per-team scan cost 200 × 10,000 owner look-ups, each linear in the teams.
        var hostsByOwner = old.OwnersUnder(beforeLayout);
        var nowHosts = now.Hosts;
        foreach (var team in beforeLayout.Teams.Where(t => !t.Team.IsPlatform))
        {
            List<string> lost = hostsByOwner.TryGetValue(team.Name, out var hosts)
                ? [.. hosts.Keys.Where(h => !nowHosts.ContainsKey(h)).Order(StringComparer.Ordinal)]
                : [];
            var what = lost.Count == 0 ? "" : $": {Listed(lost)} stop being served";
            if (!stillThere.Contains(team.Name))
            {
                reasons.Add($"team {team.Name} is removed ({team.Directory}){what}");
            }
            else if (hostsByOwner.ContainsKey(team.Name) && serving?.ContainsKey(team.Name) != true)
            {
                reasons.Add($"team {team.Name} loses every route{what}");
            }
        }
    }

    private static void Share(string what, IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after, int percent, List<string> reasons)
    {
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (before.Count == 0 || removed.Count * 100L <= percent * (long)before.Count)
        {
            return;
        }

        var share = (removed.Count * 100.0 / before.Count).ToString("0", CultureInfo.InvariantCulture);
        reasons.Add($"{removed.Count} of {before.Count} {what} ({share}%, more than {percent}%) are removed: {Listed(removed)}");
    }

    private static string Listed(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxListed)) + (items.Count > MaxListed ? $" and {items.Count - MaxListed} more" : "");
}
