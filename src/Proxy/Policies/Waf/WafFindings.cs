using System.Numerics;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The rules a request matched, as a bit set over the catalogue (a rule counts once per request, however many
/// values it matched, as in the Core Rule Set). A value type, so benign requests allocate nothing.
/// </summary>
internal struct WafFindings
{
    public const int Capacity = 128;

    private ulong _low;
    private ulong _high;

    public readonly bool IsEmpty => (_low | _high) == 0;

    public readonly int Count => BitOperations.PopCount(_low) + BitOperations.PopCount(_high);

    public readonly bool Has(WafRule rule) => rule.Index < 64 ? (_low & (1UL << rule.Index)) != 0 : (_high & (1UL << (rule.Index - 64))) != 0;

    public void Add(WafRule rule)
    {
        if (rule.Index < 64)
        {
            _low |= 1UL << rule.Index;
        }
        else
        {
            _high |= 1UL << (rule.Index - 64);
        }
    }

    /// <summary>Adds a request-level rule when the inspection runs at its paranoia level.</summary>
    public void Signal(WafRule rule, int level)
    {
        if (rule.ParanoiaLevel <= level)
        {
            Add(rule);
        }
    }

    /// <summary>The anomaly score at <paramref name="level"/>: the severities of the matched rules of that level or below.</summary>
    public readonly int Score(int level) => Sum(_low, 0, level) + Sum(_high, 64, level);

    /// <summary>The matched rules in catalogue order (allocates; for requests that matched something).</summary>
    public readonly List<WafRule> Rules()
    {
        var rules = new List<WafRule>(Count);
        Collect(_low, 0, rules);
        Collect(_high, 64, rules);
        return rules;
    }

    private static int Sum(ulong bits, int offset, int level)
    {
        var score = 0;
        while (bits != 0)
        {
            var rule = WafRuleCatalog.All[offset + BitOperations.TrailingZeroCount(bits)];
            score += rule.ParanoiaLevel <= level ? rule.Score : 0;
            bits &= bits - 1;
        }

        return score;
    }

    private static void Collect(ulong bits, int offset, List<WafRule> rules)
    {
        while (bits != 0)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            rules.Add(WafRuleCatalog.All[offset + bit]);
            bits &= bits - 1;
        }
    }
}
