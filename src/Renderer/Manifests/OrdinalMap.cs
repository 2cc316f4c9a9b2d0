using System.Diagnostics.CodeAnalysis;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A small map by string key, listed in ordinal key order (the order a <c>SortedDictionary</c> with
/// <see cref="StringComparer.Ordinal"/> lists): labels, annotations, selectors. Keys are kept in a sorted list and
/// found by binary search; a key set again takes the new value. Built by one thread, then <see cref="Complete"/>d before
/// other threads read it (a read of a map not completed sorts it first). Nothing here is generic code of the framework over a
/// value type (a sorted tree of <c>KeyValuePair</c>s is, and is compiled at first call in every process, the
/// ReadyToRun images carrying no code for it).
/// </summary>
internal sealed class OrdinalMap<TValue> : IReadOnlyDictionary<string, TValue>
    where TValue : class
{
    private readonly List<string> _keys = [];
    private readonly List<TValue> _values = [];
    private bool _inOrder = true;

    /// <inheritdoc/>
    public int Count => Complete()._keys.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => Complete()._keys;

    /// <inheritdoc/>
    public IEnumerable<TValue> Values => Complete()._values;

    /// <inheritdoc/>
    public TValue this[string key] => IndexOf(key) is var i && i >= 0 ? _values[i] : throw new KeyNotFoundException($"'{key}' is not in the map");

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>. Keys read from a file mostly come in order and each lands at
    /// the end; one out of order is appended too and the keys are sorted once, by <see cref="Complete"/> or the first
    /// read, so a map of n keys in any order costs n log n (inserting each in its place cost n² for keys in reverse
    /// order, and one file may hold 100,000).
    /// </summary>
    public void Set(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _inOrder &= _keys.Count == 0 || string.CompareOrdinal(_keys[^1], key) < 0;
        _keys.Add(key);
        _values.Add(value);
    }

    /// <summary>Sorts the keys set out of order (a key set twice keeps its last value); call it before the map is shared.</summary>
    public OrdinalMap<TValue> Complete()
    {
        if (_inOrder)
        {
            return this;
        }

        var entries = new Entry[_keys.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new Entry(_keys[i], _values[i], i);
        }

        Array.Sort(entries, Entry.Order);
        _keys.Clear();
        _values.Clear();
        for (var i = 0; i < entries.Length; i++)
        {
            // Of the entries of one key, set in order, the last set wins.
            if (i + 1 < entries.Length && string.Equals(entries[i + 1].Key, entries[i].Key, StringComparison.Ordinal))
            {
                continue;
            }

            _keys.Add(entries[i].Key);
            _values.Add(entries[i].Value);
        }

        _inOrder = true;
        return this;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        Complete();
        for (var i = 0; i < _keys.Count; i++)
        {
            yield return new KeyValuePair<string, TValue>(_keys[i], _values[i]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    // The key's index, or a negative number when it is absent.
    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Complete()._keys.BinarySearch(key, StringComparer.Ordinal);
    }

    // A key set, its value and when it was set: sorted by key, then in the order set.
    private sealed record Entry(string Key, TValue Value, int Turn)
    {
        public static readonly IComparer<Entry> Order = Comparer<Entry>.Create(static (x, y) =>
            string.CompareOrdinal(x.Key, y.Key) is var c && c != 0 ? c : x.Turn.CompareTo(y.Turn));
    }
}
