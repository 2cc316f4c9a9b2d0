using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// The node's regular expressions (Routing/RegexCache): <c>gitgateway_proxy_regex_patterns</c> (distinct patterns
/// held), <c>gitgateway_proxy_regex_linear</c> (of those, how many also have their linear-time automaton built),
/// <c>gitgateway_proxy_regex_timeouts_total</c> (matches the interpreter gave up at its timeout) and
/// <c>gitgateway_proxy_regex_unanswered_total</c> (of those, the ones left without an answer because the linear
/// budget was spent) and <c>gitgateway_proxy_regex_refused_total</c> (requests answered 503 because such a match
/// decided their route: the data plane fails closed rather than route them to a later entry).
/// </summary>
internal sealed class RegexCounters
{
    private long _patterns;
    private long _linear;
    private long _timeouts;
    private long _unanswered;
    private long _refused;

    public long Patterns => Interlocked.Read(ref _patterns);

    public long Linear => Interlocked.Read(ref _linear);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long Unanswered => Interlocked.Read(ref _unanswered);

    public long Refused => Interlocked.Read(ref _refused);

    public void SetPatterns(long count) => Interlocked.Exchange(ref _patterns, count);

    public void SetLinear(long count) => Interlocked.Exchange(ref _linear, count);

    public void TimedOut() => Interlocked.Increment(ref _timeouts);

    public void Unanswerable() => Interlocked.Increment(ref _unanswered);

    public void RequestRefused() => Interlocked.Increment(ref _refused);

    public void Render(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE gitgateway_proxy_regex_patterns gauge\ngitgateway_proxy_regex_patterns {Patterns}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE gitgateway_proxy_regex_linear gauge\ngitgateway_proxy_regex_linear {Linear}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE gitgateway_proxy_regex_timeouts_total counter\ngitgateway_proxy_regex_timeouts_total {Timeouts}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE gitgateway_proxy_regex_unanswered_total counter\ngitgateway_proxy_regex_unanswered_total {Unanswered}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE gitgateway_proxy_regex_refused_total counter\ngitgateway_proxy_regex_refused_total {Refused}\n");
    }
}
