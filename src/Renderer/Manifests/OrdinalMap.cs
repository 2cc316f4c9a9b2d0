using System.Diagnostics.CodeAnalysis;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A small map by string key, listed in ordinal key order (the order a <c>SortedDictionary</c> with
/// <see cref="StringComparer.Ordinal"/> lists): labels, annotations, selectors. Keys are kept in a sorted list and
/// found by binary search; a key set again takes the new value. Nothing here is generic code of the framework over a
/// value type (a sorted tree of <c>KeyValuePair</c>s is, and is compiled at first call in every process, the
/// ReadyToRun images carrying no code for it).
/// </summary>
internal sealed class OrdinalMap<TValue> : IReadOnlyDictionary<string, TValue>
    where TValue : class
{
    private readonly List<string> _keys = [];
    private readonly List<TValue> _values = [];

    /// <inheritdoc/>
    public int Count => _keys.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc/>
    public IEnumerable<TValue> Values => _values;

    /// <inheritdoc/>
    public TValue this[string key] => IndexOf(key) is var i && i >= 0 ? _values[i] : throw new KeyNotFoundException($"'{key}' is not in the map");

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, in its place among the keys.</summary>
    public void Set(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        // Keys read from a file mostly come sorted already: each one lands at the end.
        _keys.Insert(~i, key);
        _values.Insert(~i, value);
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
        for (var i = 0; i < _keys.Count; i++)
        {
            yield return new KeyValuePair<string, TValue>(_keys[i], _values[i]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    // The key's index, or the complement of where it would go (as List.BinarySearch answers).
    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int lo = 0, hi = _keys.Count - 1;
        if (hi >= 0 && string.CompareOrdinal(_keys[hi], key) < 0)
        {
            return ~_keys.Count;
        }

        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(_keys[mid], key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
