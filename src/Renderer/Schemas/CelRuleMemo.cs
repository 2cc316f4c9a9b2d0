using System.Collections.Concurrent;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Outcomes of CEL rules already evaluated, by rule and the exact key of what the rule reads of <c>self</c>
/// (<see cref="CelRuleInputs"/>, <see cref="CelValueKey"/>): the same path match, filter or backendRef recurs across
/// routes and teams, and a rule is a pure function of the fields it reads. Bounded: keys are at most
/// <see cref="CelValueKey.MaxLength"/> characters and the memo forgets everything once it holds
/// <see cref="MaxCharacters"/> characters of keys (about 32 MB).
/// </summary>
internal static class CelRuleMemo
{
    /// <summary>The most characters of keys held at once.</summary>
    public const long MaxCharacters = 16L * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, CelRuleInputs> Inputs = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Rule, string Key), bool?> Outcomes = new();
    private static long _characters;

    /// <summary>Whether outcomes are remembered; off only in tests that compare with and without.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>The outcome of <paramref name="rule"/> for <paramref name="self"/>, from the memo or from <paramref name="evaluate"/>.</summary>
    public static bool? Get(SchemaRule rule, object self, Func<SchemaRule, object, bool?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (!Enabled || CelValueKey.Of(self, Inputs.GetOrAdd(rule.Rule, CelRuleInputs.Of)) is not { } key)
        {
            return evaluate(rule, self);
        }

        if (Outcomes.TryGetValue((rule.Rule, key), out var known))
        {
            return known;
        }

        var outcome = evaluate(rule, self);
        if (Interlocked.Add(ref _characters, key.Length) > MaxCharacters)
        {
            Outcomes.Clear();
            Interlocked.Exchange(ref _characters, key.Length);
        }

        Outcomes.TryAdd((rule.Rule, key), outcome);
        return outcome;
    }
}
