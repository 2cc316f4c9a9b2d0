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
    private static readonly ConcurrentDictionary<string, (CelNode Root, int Slots)?> Programs = new(StringComparer.Ordinal);
    private const int MaxPooledSlots = 8;

    [ThreadStatic]
    private static object?[]?[]? _frames;

    private static long _undecided;

    /// <summary>How many evaluations went to the package because the compiled form did not decide them.</summary>
    public static long Undecided => Interlocked.Read(ref _undecided);

    /// <summary>Whether <paramref name="rule"/> has a compiled form.</summary>
    public static bool IsCompiled(string rule) => Program(rule) is not null;

    /// <summary>The compiled rule's outcome for <paramref name="self"/>, or null when it must be asked of the package.</summary>
    public static bool? TryEvaluate(string rule, object self)
    {
        if (Program(rule) is not { } program)
        {
            return null;
        }

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

    private static (CelNode Root, int Slots)? Program(string rule) =>
        Programs.GetOrAdd(rule, text => CelCompiler.Compile(CelPresence.Rewrite(text)));
}
