using System.Collections;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// What the compiled rules (<see cref="CelCompiler"/>) do at run time, over the values <see cref="CelValues"/> builds
/// (maps, lists, strings, ints, bools). Each operation answers only where the answer cannot differ from the
/// <c>Cel</c> package's: operands of the types the rules compare (string with string, int with int, bool with
/// bool), fields that are there, indices in range. Anything else (a missing field, mixed types, an overflow, a
/// string with surrogate pairs whose size depends on how one counts) is <see cref="Unknown"/>, and the whole
/// evaluation goes to the package, so its error-or-false answers stay exactly its own.
/// </summary>
internal static class CelOperations
{
    /// <summary>"Not decided here": the <c>Cel</c> package evaluates the rule instead.</summary>
    public static readonly object Unknown = new();

    /// <summary>The boxed <c>true</c>, shared.</summary>
    public static readonly object True = true;

    /// <summary>The boxed <c>false</c>, shared.</summary>
    public static readonly object False = false;

    // What filter() gives when no item is kept: a list read only by size, in and the macros, so one serves all.
    private static readonly object?[] NoItems = [];

    private static readonly object[] SmallIntegers = [.. Enumerable.Range(0, 256).Select(i => (object)(long)i)];

    /// <summary>The shared box of <paramref name="value"/>.</summary>
    public static object Boolean(bool value) => value ? True : False;

    /// <summary><paramref name="value"/> when it is a bool, else <see cref="Unknown"/>.</summary>
    public static object Boolean(object? value) => value is bool ? value : Unknown;

    /// <summary><paramref name="value"/> as a condition: its bool, or null when it is not one.</summary>
    public static bool? Condition(object? value) => value is bool b ? b : null;

    /// <summary><c>!value</c>.</summary>
    public static object Not(object? value) => value is bool b ? Boolean(!b) : Unknown;

    /// <summary><c>a == b</c> for two strings, two ints or two bools.</summary>
    public static object Equal(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => Boolean(string.Equals(x, y, StringComparison.Ordinal)),
        (long x, long y) => Boolean(x == y),
        (bool x, bool y) => Boolean(x == y),
        _ => Unknown,
    };

    /// <summary><c>a op b</c> for an ordering <paramref name="op"/> of two ints.</summary>
    public static object Compare(string op, object? a, object? b) => a is long x && b is long y
        ? Boolean(op switch { "<" => x < y, "<=" => x <= y, ">" => x > y, _ => x >= y })
        : Unknown;

    /// <summary><c>a + b</c> for two ints that do not overflow.</summary>
    public static object Add(object? a, object? b)
    {
        if (a is not long x || b is not long y)
        {
            return Unknown;
        }

        var sum = x + y;
        return ((x ^ sum) & (y ^ sum)) < 0 ? Unknown : Integer(sum);
    }

    /// <summary><c>a in list</c> for a string or int and a list of them.</summary>
    public static object In(object? a, object? list)
    {
        if (list is not IList items)
        {
            return Unknown;
        }

        var found = false;
        for (var i = 0; i < items.Count; i++)
        {
            var equal = Equal(a, items[i]);
            if (equal == Unknown)
            {
                return Unknown;
            }

            found |= equal == True;
        }

        return Boolean(found);
    }

    /// <summary><c>target.field</c> of a map that has the field.</summary>
    public static object? Select(object? target, string field) =>
        target is IDictionary<string, object?> map && map.TryGetValue(field, out var value) && value is not null ? value : Unknown;

    /// <summary><c>has(target.field)</c> as <see cref="CelPresence.HasField"/> answers it, for a map.</summary>
    public static object HasField(object? target, string field) =>
        target is IDictionary<string, object?> map ? Boolean(map.TryGetValue(field, out var value) && value is not null) : Unknown;

    /// <summary><c>target[index]</c> of a list, in range.</summary>
    public static object? Index(object? target, object? index) =>
        target is IList list && index is long i && i >= 0 && i < list.Count && list[(int)i] is { } item ? item : Unknown;

    /// <summary><c>size(value)</c>: a string's length (without surrogates), a list's or a map's count.</summary>
    public static object Size(object? value) => value switch
    {
        string s when !HasSurrogates(s) => Integer(s.Length),
        ICollection c => Integer(c.Count),
        _ => Unknown,
    };

    /// <summary>
    /// The global function <paramref name="name"/> over <paramref name="arguments"/>, or null when it is not one
    /// compiled here.
    /// </summary>
    public static CelNode? Function(string name, List<CelNode> arguments) => (name, arguments.Count) switch
    {
        ("size", 1) => f => Size(arguments[0](f)),
        ("isIP", 1) => f => arguments[0](f) is string s ? Boolean(CelFunctions.IsIP(s)) : Unknown,
        (CelPresence.FunctionName, 2) => Presence(arguments),
        _ => null,
    };

    /// <summary>
    /// The method <paramref name="name"/> of <paramref name="target"/> over <paramref name="arguments"/>, or null when
    /// it is not one compiled here.
    /// </summary>
    public static CelNode? Method(string name, CelNode target, List<CelNode> arguments) => (name, arguments.Count) switch
    {
        ("size", 0) => f => Size(target(f)),
        ("startsWith" or "endsWith" or "contains" or "matches" or "split", 1) => f => Text(name, target(f), arguments[0](f)),
        ("substring", 1) => f => Substring(target(f), arguments[0](f)),
        _ => null,
    };

    /// <summary>
    /// The macro <paramref name="name"/> over the items of a list (or the keys of a map): <paramref name="predicate"/>
    /// runs for every item with it in <paramref name="slot"/>, without stopping early, so that an item the compiled
    /// form cannot decide sends the whole evaluation to the package whatever the package's order.
    /// </summary>
    public static object Comprehension(string name, object? target, int slot, CelNode predicate, object?[] frame)
    {
        // A list by index and a map's keys as a list: no enumerator is made per evaluation.
        var items = target switch
        {
            IDictionary<string, object?> map => map.Keys as IList ?? map.Keys.ToList(),
            IList list => list,
            _ => null,
        };
        if (items is null)
        {
            return Unknown;
        }

        var filter = name == "filter";
        List<object?>? kept = null;
        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            frame[slot] = item;
            if (Condition(predicate(frame)) is not { } holds)
            {
                return Unknown;
            }

            count += holds ? 1 : 0;
            if (holds && filter)
            {
                (kept ??= []).Add(item);
            }
        }

        return name switch
        {
            "all" => Boolean(count == items.Count),
            "exists" => Boolean(count > 0),
            "exists_one" => Boolean(count == 1),
            _ => (object?)kept ?? NoItems,
        };
    }

    private static CelNode? Presence(List<CelNode> arguments)
    {
        var (target, field) = (arguments[0], arguments[1]);
        return f => field(f) is string name ? HasField(target(f), name) : Unknown;
    }

    private static object Text(string name, object? target, object? argument)
    {
        if (target is not string s || argument is not string a)
        {
            return Unknown;
        }

        return name switch
        {
            "startsWith" => Boolean(s.StartsWith(a, StringComparison.Ordinal)),
            "endsWith" => Boolean(s.EndsWith(a, StringComparison.Ordinal)),
            "contains" => Boolean(s.Contains(a, StringComparison.Ordinal)),
            "matches" => Boolean(CelFunctions.Matches(s, a)),
            _ => a.Length == 0 ? Unknown : s.Split(a).Select(p => (object?)p).ToList(),
        };
    }

    private static object Substring(object? target, object? start) =>
        target is string s && start is long i && i >= 0 && i <= s.Length && !HasSurrogates(s) ? s[(int)i..] : Unknown;

    /// <summary>The box of <paramref name="value"/>, shared for the small ones (0–255).</summary>
    public static object Integer(long value) => value is >= 0 and < 256 ? SmallIntegers[value] : value;

    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
