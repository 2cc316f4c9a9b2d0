namespace GitGateway.Renderer.Rendering;

/// <summary>
/// A sort that starts from the order the render before gave: the items it had, in that order, merged with the items
/// it did not have (sorted among themselves), then checked pair by pair. When the comparer puts any neighbour pair out
/// of order or cannot tell two items apart, the items are sorted from scratch (<c>cold</c>, the render's own sort);
/// else the result is the one sorted order a strict total order allows, which every cold sort gives too. A commit that
/// adds a route to a host of thousands costs a merge and one comparison per item instead of a full sort.
/// </summary>
internal static class OrderReuse
{
    public static List<T> Sort<T>(List<T> items, IReadOnlyList<T>? previous, IComparer<T> comparer, IEqualityComparer<T> identity, Func<List<T>, List<T>> cold)
    {
        if (previous is null || previous.Count == 0 || items.Count < 2)
        {
            return cold(items);
        }

        var present = new HashSet<T>(items, identity);
        var kept = new List<T>(items.Count);
        var keptSet = new HashSet<T>(identity);
        foreach (var item in previous)
        {
            if (present.Contains(item) && keptSet.Add(item))
            {
                kept.Add(item);
            }
        }

        var added = items.Where(i => !keptSet.Contains(i)).ToList();
        if (present.Count != items.Count || kept.Count + added.Count != items.Count)
        {
            return cold(items); // the same item twice: only the cold sort knows where each goes
        }

        added.Sort(comparer);
        var merged = Merge(kept, added, comparer);
        for (var i = 1; i < merged.Count; i++)
        {
            if (comparer.Compare(merged[i - 1], merged[i]) >= 0)
            {
                return cold(items);
            }
        }

        return merged;
    }

    private static List<T> Merge<T>(List<T> a, List<T> b, IComparer<T> comparer)
    {
        var merged = new List<T>(a.Count + b.Count);
        var (i, j) = (0, 0);
        while (i < a.Count && j < b.Count)
        {
            merged.Add(comparer.Compare(b[j], a[i]) < 0 ? b[j++] : a[i++]);
        }

        for (; i < a.Count; i++)
        {
            merged.Add(a[i]);
        }

        for (; j < b.Count; j++)
        {
            merged.Add(b[j]);
        }

        return merged;
    }
}
