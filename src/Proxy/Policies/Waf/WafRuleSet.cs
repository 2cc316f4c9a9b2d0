using System.Numerics;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The rules for one part of a request at one paranoia level, indexed by trigger: a value only visits the rules
/// with no trigger and those listed under a trigger it contains, so a plain value costs a handful of checks
/// whatever the size of the catalogue. (One search for the union of all keywords was measured slower than the
/// rules' own small keyword searches: a large word set loses the vectorised search.)
/// </summary>
internal sealed class WafRuleSet
{
    private const int TriggerBits = 17;
    private readonly WafRule[] _always;
    private readonly WafRule[][] _byTrigger;
    private readonly uint _triggers;

    public WafRuleSet(IReadOnlyList<WafRule> rules)
    {
        Count = rules.Count;
        _always = rules.Where(r => r.Triggers == WafTrigger.None).ToArray();
        _byTrigger = Enumerable.Range(0, TriggerBits).Select(bit => rules.Where(r => ((uint)r.Triggers & (1u << bit)) != 0).ToArray()).ToArray();
        _triggers = rules.Aggregate(0u, (all, r) => all | (uint)r.Triggers);
        if ((_triggers >> TriggerBits) != 0)
        {
            throw new InvalidOperationException("a WAF trigger beyond the indexed bits");
        }
    }

    public int Count { get; }

    /// <summary>Adds to <paramref name="findings"/> every rule that matches <paramref name="value"/> and has not matched before.</summary>
    public void Run(ReadOnlySpan<char> value, WafTrigger found, ref WafFindings findings)
    {
        foreach (var rule in _always)
        {
            Try(rule, value, found, ref findings);
        }

        // A rule listed under several triggers the value has is tried once.
        var tried = default(WafFindings);
        var bits = (uint)found & _triggers;
        while (bits != 0)
        {
            foreach (var rule in _byTrigger[BitOperations.TrailingZeroCount(bits)])
            {
                if (!tried.Has(rule))
                {
                    tried.Add(rule);
                    Try(rule, value, found, ref findings);
                }
            }

            bits &= bits - 1;
        }
    }

    private static void Try(WafRule rule, ReadOnlySpan<char> value, WafTrigger found, ref WafFindings findings)
    {
        if (!findings.Has(rule) && rule.Matches(value, found))
        {
            findings.Add(rule);
        }
    }
}
