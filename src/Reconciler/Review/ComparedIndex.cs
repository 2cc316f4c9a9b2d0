using GitGateway.Renderer.Layout;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// One plan's side of a <see cref="DestructiveChange"/> comparison: its entries by key and what the comparison reads
/// from them (the routes, the hostnames, each entry's owning team under a layout), each worked out once when first
/// asked, as counts of entries. The apply keeps the head's side for the next commit, which compares against it as the
/// plan in force, so the old side's walks are not made again; and the next head's side is made from it
/// (<see cref="ComparedIndex(SortedDictionary{string, KeyedEntry}, ComparedIndex, IndexChange)"/>): the counts the
/// earlier side had already walked for, with the entries that left taken off and those that came added, so a commit
/// that adds one route looks at that route's entries alone. The owners are kept for the teams they were found under
/// and found again for other teams (another name, folder or order).
/// </summary>
internal sealed class ComparedIndex
{
    private readonly SortedDictionary<string, KeyedEntry> _entries;
    private Dictionary<string, int>? _routes;
    private Dictionary<string, int>? _hosts;
    private Owners? _owners;

    // What this side is made from: the earlier side's counts as they were when this one was made (never changed after
    // they are made, so shared until copied) and the entries between; let go of once nothing is left to make from it.
    private Earlier? _earlier;

    public ComparedIndex(SortedDictionary<string, KeyedEntry> entries)
    {
        _entries = entries;
    }

    /// <summary>
    /// The side of <paramref name="entries"/>, which are <paramref name="earlier"/>'s with <paramref name="change"/>
    /// applied: whatever <paramref name="earlier"/> has walked for already is counted from it and the change.
    /// </summary>
    public ComparedIndex(SortedDictionary<string, KeyedEntry> entries, ComparedIndex earlier, IndexChange change)
        : this(entries)
    {
        if (earlier._routes is not null || earlier._hosts is not null || earlier._owners is not null)
        {
            _earlier = new Earlier(earlier._routes, earlier._hosts, earlier._owners, change.Removed, change.Added);
        }
    }

    /// <summary>The entries by key (<see cref="KeyedEntry.Index(Plan.Model.RoutingPlan?)"/>).</summary>
    public SortedDictionary<string, KeyedEntry> Entries => _entries;

    /// <summary>How many times a count was made by walking every entry rather than from an earlier side (for tests).</summary>
    internal int Walks { get; private set; }

    /// <summary>Every route that has an entry, as <c>Kind/namespace/name</c>, with its number of entries.</summary>
    public IReadOnlyDictionary<string, int> Routes => _routes ??= Counted(_earlier?.Routes, e => e.RouteName);

    /// <summary>Every hostname (or L4 listener) that has an entry, with its number of entries.</summary>
    public IReadOnlyDictionary<string, int> Hosts => _hosts ??= Counted(_earlier?.Hosts, e => e.Host);

    /// <summary>
    /// Under <paramref name="layout"/>: each team that owns an entry, with the hostnames of the entries it owns and
    /// their number (an entry no team owns is left out).
    /// </summary>
    public IReadOnlyDictionary<string, Dictionary<string, int>> OwnersUnder(RepoLayoutInfo layout)
    {
        if (_owners is { } kept && SameFolders(kept.Teams, layout.Teams))
        {
            return kept.HostsByOwner;
        }

        var owners = new EntryOwners(layout);
        var byOwner = _earlier?.Owners is { } was && SameFolders(was.Teams, layout.Teams)
            ? Patched(was.HostsByOwner, owners)
            : Walked(owners);
        _owners = new Owners(layout.Teams, byOwner);
        Release();
        return byOwner;
    }

    private Dictionary<string, int> Counted(Dictionary<string, int>? earlier, Func<KeyedEntry, string> of)
    {
        Dictionary<string, int> counts;
        if (earlier is not null)
        {
            counts = new Dictionary<string, int>(earlier, StringComparer.Ordinal);
            foreach (var e in _earlier!.Removed)
            {
                Take(counts, of(e));
            }

            foreach (var e in _earlier.Added)
            {
                Add(counts, of(e));
            }
        }
        else
        {
            Walks++;
            counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var e in _entries.Values)
            {
                Add(counts, of(e));
            }
        }

        Release();
        return counts;
    }

    private Dictionary<string, Dictionary<string, int>> Walked(EntryOwners owners)
    {
        Walks++;
        var byOwner = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var e in _entries.Values)
        {
            if (owners.Of(e) is { } owner)
            {
                Add(HostsOf(byOwner, owner), e.Host);
            }
        }

        return byOwner;
    }

    // The earlier side's owners with the change: a team's hostnames are copied before they are changed (the earlier side keeps its own).
    private Dictionary<string, Dictionary<string, int>> Patched(Dictionary<string, Dictionary<string, int>> earlier, EntryOwners owners)
    {
        var byOwner = new Dictionary<string, Dictionary<string, int>>(earlier, StringComparer.Ordinal);
        var copied = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, int> Own(string owner) => copied.Add(owner) && byOwner.TryGetValue(owner, out var hosts)
            ? byOwner[owner] = new Dictionary<string, int>(hosts, StringComparer.Ordinal)
            : HostsOf(byOwner, owner);

        foreach (var e in _earlier!.Removed)
        {
            if (owners.Of(e) is { } owner && Take(Own(owner), e.Host) && byOwner[owner].Count == 0)
            {
                byOwner.Remove(owner);
                copied.Remove(owner);
            }
        }

        foreach (var e in _earlier.Added)
        {
            if (owners.Of(e) is { } owner)
            {
                Add(Own(owner), e.Host);
            }
        }

        return byOwner;
    }

    private static Dictionary<string, int> HostsOf(Dictionary<string, Dictionary<string, int>> byOwner, string owner)
    {
        if (!byOwner.TryGetValue(owner, out var hosts))
        {
            byOwner[owner] = hosts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        return hosts;
    }

    private static void Add(Dictionary<string, int> counts, string name) =>
        counts[name] = counts.GetValueOrDefault(name) + 1;

    // One entry fewer under name; true when it had entries (an earlier side counted every entry it held).
    private static bool Take(Dictionary<string, int> counts, string name)
    {
        if (!counts.TryGetValue(name, out var n))
        {
            return false;
        }

        if (n <= 1)
        {
            counts.Remove(name);
        }
        else
        {
            counts[name] = n - 1;
        }

        return true;
    }

    // Once every count this side can make from the earlier one is made, the earlier one's are not held any longer.
    private void Release()
    {
        if (_earlier is { } e && (e.Routes is null || _routes is not null) && (e.Hosts is null || _hosts is not null) && (e.Owners is null || _owners is not null))
        {
            _earlier = null;
        }
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

    private sealed record Owners(IReadOnlyList<LayoutTeam> Teams, Dictionary<string, Dictionary<string, int>> HostsByOwner);

    private sealed record Earlier(
        Dictionary<string, int>? Routes, Dictionary<string, int>? Hosts, Owners? Owners, IReadOnlyList<KeyedEntry> Removed, IReadOnlyList<KeyedEntry> Added);
}
