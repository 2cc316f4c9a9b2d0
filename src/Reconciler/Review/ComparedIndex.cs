using GitGateway.Renderer.Layout;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// One plan's side of a <see cref="DestructiveChange"/> comparison: its entries by key and what the comparison reads
/// from them (the routes, the hostnames, each entry's owning team under a layout), each worked out once when first
/// asked. The apply keeps the head's side for the next commit, which compares against it as the plan in force, so the
/// old side's walks are not made again; the owners are kept for the teams they were found under and found again for
/// other teams (another name, folder or order).
/// </summary>
internal sealed class ComparedIndex(SortedDictionary<string, KeyedEntry> entries)
{
    private HashSet<string>? _routes;
    private HashSet<string>? _hosts;
    private Owners? _owners;

    /// <summary>The entries by key (<see cref="KeyedEntry.Index"/>).</summary>
    public SortedDictionary<string, KeyedEntry> Entries => entries;

    /// <summary>Every route that has an entry, as <c>Kind/namespace/name</c>.</summary>
    public HashSet<string> Routes => _routes ??= entries.Values.Select(e => e.RouteName).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every hostname (or L4 listener) that has an entry.</summary>
    public HashSet<string> Hosts => _hosts ??= entries.Values.Select(e => e.Host).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Under <paramref name="layout"/>: the teams that own an entry, and the hostnames of the entries each team owns in
    /// index order (an entry no team owns is left out).
    /// </summary>
    public (HashSet<string> Serving, Dictionary<string, List<string>> HostsByOwner) OwnersUnder(RepoLayoutInfo layout)
    {
        if (_owners is { } kept && SameFolders(kept.Teams, layout.Teams))
        {
            return (kept.Serving, kept.HostsByOwner);
        }

        var owners = new EntryOwners(layout);
        var byOwner = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in entries.Values)
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

        _owners = new Owners(layout.Teams, byOwner.Keys.ToHashSet(StringComparer.Ordinal), byOwner);
        return (_owners.Serving, byOwner);
    }

    // An owner is the first team, in list order, whose folder holds the file: the same names and folders in the same order give the same owners.
    private static bool SameFolders(IReadOnlyList<LayoutTeam> a, IReadOnlyList<LayoutTeam> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i].Name, b[i].Name, StringComparison.Ordinal) || !string.Equals(a[i].Directory, b[i].Directory, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Owners(IReadOnlyList<LayoutTeam> Teams, HashSet<string> Serving, Dictionary<string, List<string>> HostsByOwner);
}
