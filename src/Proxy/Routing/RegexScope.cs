namespace GitGateway.Proxy.Routing;

/// <summary>
/// The regular expressions of one table being compiled: they come from the shared <see cref="RegexCache"/>, and
/// their distinct patterns are counted against <see cref="RegexCache.MaxPatterns"/> and kept with the table, so
/// the cache can drop what the table in service no longer uses.
/// </summary>
internal sealed class RegexScope(RegexCache cache)
{
    private readonly HashSet<string> _patterns = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Patterns => _patterns;

    /// <exception cref="RouteCompileException">The pattern is refused, or the plan holds too many distinct patterns.</exception>
    public RegexMatcher Get(string pattern)
    {
        if (_patterns.Add(pattern) && _patterns.Count > RegexCache.MaxPatterns)
        {
            throw new RouteCompileException($"the plan holds more than {RegexCache.MaxPatterns} distinct regular expressions; the node takes at most {RegexCache.MaxPatterns}");
        }

        return cache.Get(pattern);
    }
}
