using System.Collections.Concurrent;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// The vendored rules compiled to closures (<see cref="CelCompiler"/>), each once, from the text the <c>Cel</c>
/// package compiles (<see cref="CelPresence.Rewrite"/>), so <c>has()</c> is the same presence check in both. A
/// rule with a construct the compiler does not know is not compiled, and an evaluation the compiled form does not
/// decide (<see cref="CelOperations.Unknown"/>) is not answered: both go to the package, per rule and per value, so
/// an outcome never differs from the package's. <c>CelCompiledRuleTests</c> holds every vendored rule to that.
/// </summary>
internal static class CelCompiledRules
{
    private static readonly ConcurrentDictionary<string, CompiledRule?> Programs = new(StringComparer.Ordinal);

    // What a rule without a compiled form keeps in SchemaRule.Compiled, so that it is not looked up again either.
    private static readonly object NotCompiled = new();
    private const int MaxPooledSlots = 8;

    [ThreadStatic]
    private static object?[]?[]? _frames;

    private static long _undecided;

    /// <summary>How many evaluations went to the package because the compiled form did not decide them.</summary>
    public static long Undecided => Interlocked.Read(ref _undecided);

    /// <summary>Whether <paramref name="rule"/> has a compiled form.</summary>
    public static bool IsCompiled(string rule) => Lookup(rule) is not null;

    /// <summary>The compiled rule's outcome for <paramref name="self"/>, or null when it must be asked of the package.</summary>
    public static bool? TryEvaluate(string rule, object self) => Lookup(rule) is { } program ? Run(program, self) : null;

    /// <summary>
    /// <see cref="TryEvaluate(string, object)"/> for a schema's rule, whose compiled form is looked up by its text on its
    /// first evaluation only and then kept with it (<see cref="SchemaRule.Compiled"/>).
    /// </summary>
    public static bool? TryEvaluate(SchemaRule rule, object self)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var compiled = rule.Compiled ??= (object?)Lookup(rule.Rule) ?? NotCompiled;
        return compiled is CompiledRule program ? Run(program, self) : null;
    }

    private static bool? Run(CompiledRule program, object self)
    {
        // One frame per thread and size, reused: an evaluation never starts another, and the frame is cleared after
        // each so that it holds no value of a document past its evaluation.
        var frames = _frames ??= new object?[MaxPooledSlots + 1][];
        var frame = program.Slots <= MaxPooledSlots ? frames[program.Slots] ??= new object?[program.Slots] : new object?[program.Slots];
        frame[0] = self;
        var result = program.Root(frame);
        Array.Clear(frame);
        if (result is bool outcome)
        {
            return outcome;
        }

        Interlocked.Increment(ref _undecided);
        return null;
    }

    private static CompiledRule? Lookup(string rule) =>
        Programs.GetOrAdd(rule, text => CelCompiler.Compile(CelPresence.Rewrite(text)) is { } p ? new CompiledRule(p.Root, p.Slots) : null);

    // A compiled rule and the frame size it needs; a class, so that a rule keeps it in one reference.
    private sealed record CompiledRule(CelNode Root, int Slots);
}
