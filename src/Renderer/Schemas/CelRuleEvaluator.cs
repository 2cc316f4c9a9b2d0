using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cel;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Compiles and evaluates the CEL rules of the vendored CRDs with the <c>Cel</c> package, behind their compiled form
/// (<see cref="CelCompiledRules"/>). Each distinct rule is compiled once. A rule that
/// does not compile, fails while it runs, or gives something other than a bool is "not evaluated" (null): never a
/// finding against the user, since the API server would have evaluated it; a test keeps every vendored rule
/// evaluating to a bool so that no such gap hides.
/// </summary>
internal static class CelRuleEvaluator
{
    private static readonly Lazy<CelEnvironment> Environment = new(Create);
    private static readonly ConcurrentDictionary<string, Lazy<CelProgramDelegate?>> Programs = new(StringComparer.Ordinal);
    private static readonly Lock CompileLock = new();
    private static readonly AsyncLocal<Action<SchemaRule, object>?> Observers = new();

    // Whether an observer was ever set: until then an evaluation does not read the flow's observer at all.
    private static volatile bool _observed;

    /// <summary>
    /// Told of every evaluation in this flow of execution, from several threads at once (files load in parallel);
    /// set only by tests that collect real inputs.
    /// </summary>
    internal static Action<SchemaRule, object>? Observer
    {
        get => Observers.Value;
        set
        {
            _observed |= value is not null;
            Observers.Value = value;
        }
    }

    /// <summary>Whether <paramref name="rule"/> compiles.</summary>
    public static bool Compiles(SchemaRule rule) => Program(rule) is not null;

    /// <summary>
    /// The rule's outcome for <paramref name="self"/>: true or false, or null when it could not be evaluated. The
    /// compiled form answers first (<see cref="CelCompiledRules"/>); a rule or a value it does not decide goes to the
    /// package, whose slow answers are remembered (<see cref="CelRuleMemo"/>).
    /// </summary>
    public static bool? Evaluate(SchemaRule rule, object self)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.IsTransitionRule)
        {
            return null;
        }

        if (_observed)
        {
            Observers.Value?.Invoke(rule, self);
        }

        return CelCompiledRules.TryEvaluate(rule, self) ?? CelRuleMemo.Get(rule, self, RunPackage);
    }

    /// <summary>
    /// The rule's outcome for <paramref name="self"/> from the <c>Cel</c> package alone, not remembered; a view is
    /// built in full first, since the package knows only its own collection types.
    /// </summary>
    internal static bool? RunPackage(SchemaRule rule, object self)
    {
        if (rule.IsTransitionRule || Program(rule) is not { } program)
        {
            return null;
        }

        try
        {
            return program(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = CelValues.Plain(self) }) as bool?;
        }
        catch (Exception e) when (e is CelException or ArgumentException or InvalidCastException or FormatException
            or OverflowException or RegexMatchTimeoutException or KeyNotFoundException or IndexOutOfRangeException)
        {
            // A runtime error (a missing field the rule does not guard, an overflow): not evaluated.
            return null;
        }
    }

    private static CelProgramDelegate? Program(SchemaRule rule) =>
        Programs.GetOrAdd(rule.Rule, text => new Lazy<CelProgramDelegate?>(() => Compile(text))).Value;

    private static CelProgramDelegate? Compile(string text)
    {
        lock (CompileLock)
        {
            try
            {
                return Environment.Value.Compile(CelPresence.Rewrite(text));
            }
            catch (CelException)
            {
                return null;
            }
        }
    }

    private static CelEnvironment Create()
    {
        var environment = new CelEnvironment([], "");
        CelFunctions.Register(environment);
        CelPresence.Register(environment);
        return environment;
    }
}
