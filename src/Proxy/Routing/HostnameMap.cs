namespace GitGateway.Proxy.Routing;

/// <summary>
/// Finds the value for a hostname: an exact name first, then the longest matching <c>*.suffix</c> wildcard,
/// then the catch-all. Gateway API hostname matching:
/// https://gateway-api.sigs.k8s.io/reference/spec/#hostname — a wildcard matches one or more labels.
/// </summary>
internal sealed class HostnameMap<T>
    where T : class
{
    private readonly Dictionary<string, T> _exact;
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly string[] _suffixes; // ".example.com", longest first
    private readonly T[] _suffixValues;
    private readonly T? _any;

    public HostnameMap(IEnumerable<KeyValuePair<string, T>> entries)
    {
        _exact = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<KeyValuePair<string, T>>();
        foreach (var (name, value) in entries)
        {
            if (name is "" or "*")
            {
                _any ??= value;
            }
            else if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(new(name[1..], value));
            }
            else
            {
                _exact.TryAdd(name, value);
            }
        }

        // Longest suffix first, so the most specific wildcard wins; stable for equal lengths.
        var ordered = wildcards.Select((w, i) => (w, i)).OrderByDescending(x => x.w.Key.Length).ThenBy(x => x.i).ToArray();
        _suffixes = ordered.Select(x => x.w.Key).ToArray();
        _suffixValues = ordered.Select(x => x.w.Value).ToArray();
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _exact.Count + _suffixes.Length + (_any is null ? 0 : 1);

    /// <summary>The value for <paramref name="host"/> (without port), or null.</summary>
    public T? Find(ReadOnlySpan<char> host)
    {
        if (host.Length > 0 && host[^1] == '.')
        {
            host = host[..^1]; // a fully qualified name with its root dot names the same host
        }

        if (_exactLookup.TryGetValue(host, out var value))
        {
            return value;
        }

        var suffixes = _suffixes;
        for (var i = 0; i < suffixes.Length; i++)
        {
            var suffix = suffixes[i];
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return _suffixValues[i];
            }
        }

        return _any;
    }

    /// <summary>Strips the port (and IPv6 brackets stay) from a Host header value.</summary>
    public static ReadOnlySpan<char> HostWithoutPort(ReadOnlySpan<char> hostHeader)
    {
        if (hostHeader.Length > 0 && hostHeader[0] == '[')
        {
            var close = hostHeader.IndexOf(']');
            return close < 0 ? hostHeader : hostHeader[..(close + 1)];
        }

        var colon = hostHeader.LastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader[..colon];
    }
}
