using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// A plan's entry index (<see cref="KeyedEntry.Index(RoutingPlan?, SortedDictionary{string, KeyedEntry}?)"/>) made from
/// an earlier plan's, with what changed between the two: the keyed entries that left (a key gone, or held by another
/// entry now) and those that came. The index is the earlier one's tree copied and patched with the change, so a commit
/// that adds one route to a host of thousands inserts one key instead of sorting every key again; the keys and entries
/// are the ones the index built from scratch holds (the first entry of a key in plan order, the earlier keyed entry
/// for an entry object it holds on the same hostname and Gateway).
/// </summary>
internal sealed record IndexChange(SortedDictionary<string, KeyedEntry> Entries, IReadOnlyList<KeyedEntry> Removed, IReadOnlyList<KeyedEntry> Added)
{
    /// <summary>The index of <paramref name="plan"/> from <paramref name="earlier"/>, and what left and came.</summary>
    public static IndexChange From(RoutingPlan plan, SortedDictionary<string, KeyedEntry> earlier)
    {
        // The mapping an index from scratch holds, by hash rather than by the tree's string comparisons.
        var now = new Dictionary<string, KeyedEntry>(earlier.Count, StringComparer.Ordinal);
        foreach (var e in KeyedEntry.Keyed(plan, KeyedEntry.ByEntry(earlier)))
        {
            now.TryAdd(e.Key, e);
        }

        var kept = new HashSet<KeyedEntry>(ReferenceEqualityComparer.Instance);
        var removed = new List<KeyedEntry>();
        foreach (var was in earlier.Values)
        {
            if (now.TryGetValue(was.Key, out var e) && ReferenceEquals(e, was))
            {
                kept.Add(was);
            }
            else
            {
                removed.Add(was);
            }
        }

        var added = new List<KeyedEntry>();
        foreach (var e in now.Values)
        {
            if (!kept.Contains(e))
            {
                added.Add(e);
            }
        }

        // Same comparer: the copy takes the tree as it is. A key that came either is new or left with its old entry.
        var entries = new SortedDictionary<string, KeyedEntry>(earlier, StringComparer.Ordinal);
        foreach (var was in removed)
        {
            entries.Remove(was.Key);
        }

        foreach (var e in added)
        {
            entries.Add(e.Key, e);
        }

        return new IndexChange(entries, removed, added);
    }
}
