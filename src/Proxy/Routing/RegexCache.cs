using System.Collections.Concurrent;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// The node's regular expressions, one <see cref="RegexMatcher"/> per distinct pattern, shared by every route entry
/// and header condition that uses it and kept across plan revisions: a swap that keeps a pattern keeps its matcher
/// (and its automaton, once built). Bounds, each refusing the revision with a reason rather than growing:
/// <see cref="MaxPatternLength"/> characters a pattern, <see cref="MaxPatterns"/> distinct patterns a plan (the
/// interpreted form costs a few kilobytes each, so at most tens of megabytes), and at most <see cref="MaxLinear"/>
/// linear-time automata (about a megabyte each, measured in bench/node/README.md), first come, first served; past
/// it a pattern stays interpreted with its match timeout. After each revision is applied or refused, the patterns
/// the table in service does not use are dropped (<see cref="Retain"/>).
/// </summary>
internal sealed class RegexCache(RegexCounters counters, int maxLinear = RegexCache.MaxLinear)
{
    public const int MaxPatternLength = 1024;
    public const int MaxPatterns = 10_000;
    public const int MaxLinear = 64;

    /// <summary>Successful matches of a pattern after which its linear automaton is built (off the request path).</summary>
    public const int HeatThreshold = 1_000;

    private readonly ConcurrentDictionary<string, RegexMatcher> _matchers = new(StringComparer.Ordinal);
    private int _linear;

    public RegexCache()
        : this(new RegexCounters())
    {
    }

    /// <summary>How long the interpreter may spend on one match before the automaton takes over.</summary>
    public TimeSpan MatchTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    public RegexCounters Counters { get; } = counters;

    public int Count => _matchers.Count;

    /// <summary>The shared matcher of <paramref name="pattern"/>.</summary>
    /// <exception cref="RouteCompileException">The pattern is too long, does not parse or cannot run in linear time.</exception>
    public RegexMatcher Get(string pattern)
    {
        if (_matchers.TryGetValue(pattern, out var matcher))
        {
            return matcher;
        }

        if (pattern.Length > MaxPatternLength)
        {
            throw new RouteCompileException($"a regular expression is {pattern.Length} characters long; the node takes at most {MaxPatternLength}");
        }

        if (RegexConstructs.FindUnsupported(pattern) is { } construct)
        {
            throw new RouteCompileException($"the regular expression '{pattern}' uses {construct}, which linear-time matching cannot run");
        }

        try
        {
            matcher = new RegexMatcher(pattern, this);
        }
        catch (ArgumentException e)
        {
            throw new RouteCompileException($"invalid regular expression '{pattern}': {e.Message}");
        }

        matcher = _matchers.GetOrAdd(pattern, matcher);
        Counters.SetPatterns(_matchers.Count);
        return matcher;
    }

    /// <summary>Drops every pattern not in <paramref name="keep"/> (the table in service's).</summary>
    public void Retain(IReadOnlySet<string> keep)
    {
        foreach (var (pattern, matcher) in _matchers)
        {
            if (!keep.Contains(pattern) && _matchers.TryRemove(pattern, out _))
            {
                matcher.Release();
            }
        }

        Counters.SetPatterns(_matchers.Count);
    }

    internal bool TryReserveLinear()
    {
        while (true)
        {
            var held = Volatile.Read(ref _linear);
            if (held >= maxLinear)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _linear, held + 1, held) == held)
            {
                Counters.SetLinear(held + 1);
                return true;
            }
        }
    }

    internal void ReleaseLinear() => Counters.SetLinear(Interlocked.Decrement(ref _linear));
}
