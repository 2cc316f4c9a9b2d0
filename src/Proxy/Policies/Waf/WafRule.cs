using System.Buffers;
using System.Text.RegularExpressions;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// One WAF rule. A value is tested in increasing cost: the characters it needs (<see cref="Triggers"/>, any of
/// them), then the words it needs (<see cref="Keywords"/>, any of them, vectorised), and only then the linear-time
/// <see cref="Pattern"/> or the hand-written <see cref="Test"/>. A rule with keywords and neither is a plain
/// word list. Request-level rules (<see cref="WafTargets.Request"/>) have no matcher: the inspector signals them.
/// </summary>
/// <param name="Id">Stable id, grouped by category (1001xx protocol, 1101xx scanners, 1201xx traversal, 1301xx
/// command injection, 1401xx XSS, 1501xx SQL injection); it is what logs and metrics show.</param>
/// <param name="ParanoiaLevel">1–4: a policy at level N runs the rules of levels 1 to N.</param>
/// <param name="Severity">What a match adds to the anomaly score.</param>
/// <param name="Targets">The parts of the request it inspects.</param>
internal sealed record WafRule(int Id, WafCategory Category, int ParanoiaLevel, WafSeverity Severity, WafTargets Targets, string Description)
{
    private readonly IReadOnlyList<string>? _keywords;
    private readonly SearchValues<string>[]? _keywordSearch;

    /// <summary>Position in the catalogue, for the per-request bit set of matches; set once, by the catalogue.</summary>
    public int Index { get; set; } = -1;

    public int Score => (int)Severity;

    public WafTrigger Triggers { get; init; }

    /// <summary>Words of which the value must contain one (case-insensitive).</summary>
    public IReadOnlyList<string>? Keywords
    {
        get => _keywords;
        init
        {
            _keywords = value;
            // Small sets stay on the vectorised search; a long list (scanner names) is searched as several.
            _keywordSearch = value?.Chunk(10).Select(WafPatterns.Search).ToArray();
        }
    }

    public Regex? Pattern { get; init; }

    public WafValueTest? Test { get; init; }

    public bool Matches(ReadOnlySpan<char> value, WafTrigger found)
    {
        if (Triggers != WafTrigger.None && (found & Triggers) == 0)
        {
            return false;
        }

        if (_keywordSearch is not null && !ContainsKeyword(value, _keywordSearch))
        {
            return false;
        }

        if (Pattern is not null)
        {
            return Pattern.IsMatch(value);
        }

        return Test is not null ? Test(value) : Keywords is not null;
    }

    private static bool ContainsKeyword(ReadOnlySpan<char> value, SearchValues<string>[] sets)
    {
        foreach (var set in sets)
        {
            if (value.IndexOfAny(set) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Id} {Category} PL{ParanoiaLevel} {Severity}: {Description}";
}
