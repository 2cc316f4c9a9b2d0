using System.Numerics;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Every WAF rule, built once per process on first use (regular expressions included), and indexed by what a rule
/// inspects and up to which paranoia level, so inspecting a value only walks the rules that apply to it.
/// </summary>
internal static class WafRuleCatalog
{
    public const int MaxRules = WafFindings.Capacity;

    private static readonly WafTargets[] TargetOrder =
    [
        WafTargets.RawTarget, WafTargets.Path, WafTargets.ArgName, WafTargets.ArgValue, WafTargets.Cookie,
        WafTargets.UserAgent, WafTargets.Referer, WafTargets.ContentType, WafTargets.Request,
    ];

    private static readonly WafRuleSet[][] ByTargetAndLevel;

    static WafRuleCatalog()
    {
        var all = ProtocolRules.Create().Concat(ScannerRules.Create()).Concat(PathTraversalRules.Create())
            .Concat(CommandInjectionRules.Create()).Concat(XssRules.Create()).Concat(SqlInjectionRules.Create()).ToArray();
        Check(all);
        for (var i = 0; i < all.Length; i++)
        {
            all[i].Index = i;
        }

        All = all;
        ByTargetAndLevel = TargetOrder.Select(target => Enumerable.Range(0, 5)
            .Select(level => new WafRuleSet(all.Where(r => (r.Targets & target) != 0 && r.ParanoiaLevel <= level).ToArray())).ToArray()).ToArray();
    }

    public static IReadOnlyList<WafRule> All { get; }

    /// <summary>The rules that inspect <paramref name="target"/> (one flag) at <paramref name="level"/> or below.</summary>
    public static WafRuleSet For(WafTargets target, int level) =>
        ByTargetAndLevel[BitOperations.TrailingZeroCount((uint)target)][Math.Clamp(level, 0, 4)];

    private static void Check(WafRule[] rules)
    {
        if (rules.Length > MaxRules)
        {
            throw new InvalidOperationException($"{rules.Length} WAF rules; the match set holds {MaxRules}");
        }

        foreach (var rule in rules)
        {
            var matchers = (rule.Pattern is null ? 0 : 1) + (rule.Test is null ? 0 : 1);
            var requestLevel = rule.Targets == WafTargets.Request;
            if (rule.ParanoiaLevel is < 1 or > 4 || (requestLevel ? matchers + (rule.Keywords is null ? 0 : 1) != 0 : matchers > 1 || (matchers == 0 && rule.Keywords is null)))
            {
                throw new InvalidOperationException($"WAF rule {rule} is malformed");
            }
        }

        var duplicate = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"WAF rule id {duplicate.Key} is used twice");
        }
    }
}
