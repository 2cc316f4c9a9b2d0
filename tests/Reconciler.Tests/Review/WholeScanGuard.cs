using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// The destructive-change guard as it was written before its passes were shared: every question asked of every entry
/// again (owners per team and per pass, each route's name made per pass, each side's hostnames per pass). The oracle
/// <see cref="ReviewPassesPropertyTests"/> holds <see cref="DestructiveChange"/> to: the same reasons, in the same order.
/// </summary>
internal static class WholeScanGuard
{
    public static IReadOnlyList<string> Reasons(RoutingPlan? before, RoutingPlan after, RepoLayoutInfo? beforeLayout, RepoLayoutInfo? afterLayout)
    {
        var old = KeyedEntry.Index(before);
        var now = KeyedEntry.Index(after);
        var reasons = new List<string>();
        if (now.Count == 0)
        {
            reasons.Add(old.Count == 0
                ? "the head renders no route: nothing would be served"
                : $"the head renders no route: all {old.Count} route entries and {Hosts(old).Count} hostnames stop being served");
        }

        if (beforeLayout is { IsLayout: true })
        {
            foreach (var team in beforeLayout.Teams.Where(t => !t.Team.IsPlatform))
            {
                TeamReason(team, old, now, beforeLayout, afterLayout, reasons);
            }
        }

        foreach (var v in before?.Vips ?? default)
        {
            foreach (var address in v.Addresses.Where(a => !after.Vips.Any(n => n.Addresses.Contains(a))))
            {
                reasons.Add($"VIP {v.Name} ({address}) is withdrawn: routers stop sending its traffic to the nodes");
            }
        }

        var percent = Math.Min(
            beforeLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent,
            afterLayout?.Config?.DestructiveRemovalPercent ?? GitGatewayConfig.DefaultDestructiveRemovalPercent);
        Share("routes", [.. old.Values.Select(e => e.Route.ToString())], [.. now.Values.Select(e => e.Route.ToString())], percent, reasons);
        Share("hostnames", Hosts(old), Hosts(now), percent, reasons);
        return reasons;
    }

    private static void TeamReason(
        LayoutTeam team, SortedDictionary<string, KeyedEntry> old, SortedDictionary<string, KeyedEntry> now, RepoLayoutInfo beforeLayout, RepoLayoutInfo? afterLayout, List<string> reasons)
    {
        var lost = old.Values.Where(e => Owner(e, beforeLayout) == team.Name).Select(e => e.Host).Where(h => !Hosts(now).Contains(h))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var what = lost.Count == 0 ? "" : $": {Listed(lost)} stop being served";
        if ((afterLayout?.Teams ?? []).All(t => t.Name != team.Name))
        {
            reasons.Add($"team {team.Name} is removed ({team.Directory}){what}");
        }
        else if (old.Values.Any(e => Owner(e, beforeLayout) == team.Name) && !now.Values.Any(e => Owner(e, afterLayout) == team.Name))
        {
            reasons.Add($"team {team.Name} loses every route{what}");
        }
    }

    private static void Share(string what, HashSet<string> before, HashSet<string> after, int percent, List<string> reasons)
    {
        var removed = before.Where(b => !after.Contains(b)).Order(StringComparer.Ordinal).ToList();
        if (before.Count > 0 && removed.Count * 100L > percent * (long)before.Count)
        {
            var share = (removed.Count * 100.0 / before.Count).ToString("0", CultureInfo.InvariantCulture);
            reasons.Add($"{removed.Count} of {before.Count} {what} ({share}%, more than {percent}%) are removed: {Listed(removed)}");
        }
    }

    private static string? Owner(KeyedEntry e, RepoLayoutInfo? layout) => layout?.OwnerOf(e.Http?.Source.File ?? e.L4?.Source.File ?? "")?.Name;

    private static HashSet<string> Hosts(SortedDictionary<string, KeyedEntry> index) => index.Values.Select(e => e.Host).ToHashSet(StringComparer.Ordinal);

    private static string Listed(List<string> items) => string.Join(", ", items.Take(10)) + (items.Count > 10 ? $" and {items.Count - 10} more" : "");
}
