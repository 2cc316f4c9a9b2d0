using System.Collections.Concurrent;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Outcomes of CEL rules already evaluated, by rule and the exact key of what the rule reads of <c>self</c>
/// (<see cref="CelRuleInputs"/>, <see cref="CelValueKey"/>): the same path match, filter or backendRef recurs across
/// routes and teams, and a rule is a pure function of the fields it reads. Bounded: keys are at most
/// <see cref="CelValueKey.MaxLength"/> characters and the memo forgets everything once its keys and entries
/// weigh <see cref="MaxWeight"/> characters (a key's length plus <see cref="EntryWeight"/>; about 8 MB in all).
/// A value met once (a route's own path) costs an entry until then; one that recurs is evaluated again once
/// after each forgetting.
/// </summary>
internal static class CelRuleMemo
{
    /// <summary>The most weight held at once.</summary>
    public const long MaxWeight = 4L * 1024 * 1024;

    /// <summary>What an entry weighs besides its key, in characters: the dictionary's entry, the boxed outcome.</summary>
    public const int EntryWeight = 48;

    private static readonly ConcurrentDictionary<string, CelRuleInputs> Inputs = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Rule, string Key), bool?> Outcomes = new();
    private static readonly AsyncLocal<bool> Off = new();
    private static long _weight;

    /// <summary>
    /// Whether outcomes are remembered; off only in tests that compare with and without. Per flow of execution, so a
    /// test turning it off cannot turn it off (or back on) under another test running at the same time.
    /// </summary>
    internal static bool Enabled
    {
        get => !Off.Value;
        set => Off.Value = !value;
    }

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
        if (Interlocked.Add(ref _weight, key.Length + EntryWeight) > MaxWeight)
        {
            Outcomes.Clear();
            Interlocked.Exchange(ref _weight, key.Length + EntryWeight);
        }

        Outcomes.TryAdd((rule.Rule, key), outcome);
        return outcome;
    }
}
