using System.Text.RegularExpressions;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// One distinct pattern (anchored: the Gateway API RegularExpression match is a full match), shared by every route
/// entry and header condition that uses it, in every table compiled while it stays in the <see cref="RegexCache"/>.
/// It starts interpreted: built in tens of microseconds and a few kilobytes, with a match timeout so a hostile
/// pattern and input cannot hold a request. After <see cref="RegexCache.HeatThreshold"/> successful matches, or at its first
/// timeout, it is also built as a linear-time automaton (<see cref="RegexOptions.NonBacktracking"/>: milliseconds
/// and about a megabyte each, so only while the cache's linear budget lasts), which answers every match after.
/// </summary>
internal sealed class RegexMatcher
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    // The linear automaton's place in the cache's budget: not asked for yet, held, given back, or not granted.
    private const int None = 0;
    private const int Reserved = 1;
    private const int Released = 2;
    private const int Refused = 3;

    private readonly RegexCache _cache;
    private readonly Regex _interpreted;
    private volatile Regex? _linear;
    private readonly Lock _build = new();
    private int _uses;
    private int _linearState;

    /// <exception cref="ArgumentException">The pattern does not parse.</exception>
    public RegexMatcher(string pattern, RegexCache cache)
    {
        Pattern = pattern;
        _cache = cache;
        _interpreted = new Regex(Anchored, RegexOptions.CultureInvariant, cache.MatchTimeout);
    }

    public string Pattern { get; }

    /// <summary>Whether matches run on the linear-time automaton now.</summary>
    public bool IsLinear => _linear is not null;

    // \z, not $: in .NET $ also matches before a final line break, and a query value is matched decoded ("admin%0A").
    private string Anchored => $"^(?:{Pattern})\\z";

    /// <summary>
    /// Whether <paramref name="input"/> matches, or <see cref="MatchAnswer.Unanswerable"/> when the interpreter timed
    /// out and the linear budget is spent: the caller refuses the request rather than treat it as no match.
    /// </summary>
    public MatchAnswer Match(string input)
    {
        if (_linear is { } linear)
        {
            return Answer(linear.IsMatch(input));
        }

        try
        {
            // Heat is counted in matches, not tries: a request may try every pattern ranked before its route.
            var matched = _interpreted.IsMatch(input);
            if (matched && _uses < RegexCache.HeatThreshold && Interlocked.Increment(ref _uses) == RegexCache.HeatThreshold)
            {
                RequestLinear(background: true);
            }

            return Answer(matched);
        }
        catch (RegexMatchTimeoutException)
        {
            // The interpreter may backtrack without end on this input; the automaton answers in linear time. It is
            // built here, once, when the budget allows; otherwise the match has no answer (counted), and the
            // request is refused: "no match" would route it to a later entry.
            _cache.Counters.TimedOut();
            RequestLinear(background: false);
            if (_linear is { } built)
            {
                return Answer(built.IsMatch(input));
            }

            _cache.Counters.Unanswerable();
            return MatchAnswer.Unanswerable;
        }
    }

    private static MatchAnswer Answer(bool matched) => matched ? MatchAnswer.Yes : MatchAnswer.No;

    /// <summary>Gives back this matcher's place in the linear budget (the cache dropped it).</summary>
    public void Release() => GiveBack(Released);

    private void RequestLinear(bool background)
    {
        if (Volatile.Read(ref _linearState) == None)
        {
            if (!_cache.TryReserveLinear())
            {
                Interlocked.CompareExchange(ref _linearState, Refused, None); // the budget is spent: stay interpreted
                return;
            }

            if (Interlocked.CompareExchange(ref _linearState, Reserved, None) != None)
            {
                _cache.ReleaseLinear(); // another request reserved first, or the cache dropped this matcher
            }
        }

        if (Volatile.Read(ref _linearState) != Reserved)
        {
            return;
        }

        if (background)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static m => m.BuildLinear(), this, preferLocal: false);
        }
        else
        {
            BuildLinear(); // or wait for the build under way, so this request gets the linear answer too
        }
    }

    private void BuildLinear()
    {
        lock (_build)
        {
            if (_linear is not null || Volatile.Read(ref _linearState) != Reserved)
            {
                return;
            }

            try
            {
                _linear = new Regex(Anchored, Linear);
            }
            catch (NotSupportedException)
            {
                // RegexConstructs missed a construct the automaton cannot run: stay interpreted (with the timeout).
                GiveBack(Refused);
            }
        }
    }

    private void GiveBack(int state)
    {
        if (Interlocked.Exchange(ref _linearState, state) == Reserved)
        {
            _cache.ReleaseLinear();
        }
    }
}
