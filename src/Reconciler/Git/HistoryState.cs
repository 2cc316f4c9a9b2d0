namespace GitGateway.Reconciler.Git;

/// <summary>
/// What a walk through history knows at one commit: the object keys each manifest path holds, and for each key
/// present the rank of the commit since which it has existed (<see cref="GitObjectAges"/>).
/// </summary>
internal sealed class HistoryState
{
    private readonly Dictionary<string, IReadOnlyList<string>> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Rank, int Holders)> _keys = new(StringComparer.Ordinal);

    /// <summary>A copy to go on from, leaving this one as it is (the state of a commit that stays cached).</summary>
    public HistoryState Clone()
    {
        var copy = new HistoryState();
        foreach (var (path, keys) in _paths)
        {
            copy._paths[path] = keys;
        }

        foreach (var (key, known) in _keys)
        {
            copy._keys[key] = known;
        }

        return copy;
    }

    /// <summary>The files of the commit a walk starts after: every object they hold has rank 0.</summary>
    public void Seed(IEnumerable<(string Path, IReadOnlyList<string> Keys)> files) => Apply(0, files.Select(f => (f.Path, (IReadOnlyList<string>?)f.Keys)));

    /// <summary>
    /// One commit's changes: each path now holds <c>Keys</c> (null: the path is gone). Removals count before the
    /// commit ends, so a key that moves from one file to another within the commit keeps its rank.
    /// </summary>
    public void Apply(long rank, IEnumerable<(string Path, IReadOnlyList<string>? Keys)> changes)
    {
        foreach (var (path, keys) in changes)
        {
            if (_paths.Remove(path, out var old))
            {
                foreach (var key in old.Distinct(StringComparer.Ordinal))
                {
                    var (r, holders) = _keys[key];
                    _keys[key] = (r, holders - 1);
                }
            }

            if (keys is not { Count: > 0 })
            {
                continue;
            }

            _paths[path] = keys;
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                _keys[key] = _keys.TryGetValue(key, out var known) ? (known.Rank, known.Holders + 1) : (rank, 1);
            }
        }

        foreach (var gone in _keys.Where(k => k.Value.Holders <= 0).Select(k => k.Key).ToList())
        {
            _keys.Remove(gone);
        }
    }

    /// <summary>The rank of every key present.</summary>
    public Dictionary<string, long> Ranks() => _keys.ToDictionary(k => k.Key, k => k.Value.Rank, StringComparer.Ordinal);
}
