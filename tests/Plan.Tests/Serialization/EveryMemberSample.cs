using System.Collections.Immutable;
using System.Globalization;

namespace GitGateway.Plan.Tests.Serialization;

/// <summary>
/// A record with every member of every record it holds set, built from the records' constructors: strings that need
/// escaping, the last value of each enum, one item in every array. A member added to any record of the plan or the
/// delta shows in it before a test plan has it, so the reader and writer cannot miss one.
/// </summary>
internal static class EveryMemberSample
{
    public static T Of<T>() => (T)Sample(typeof(T), 0)!;

    private static object? Sample(Type type, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Sample(underlying, depth);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            return depth > 12 ? Activator.CreateInstance(type) : OneItem(type, depth); // empty deep down: a mirror's backend has filters
        }

        return type switch
        {
            _ when type == typeof(string) => "s<é\"\\\u0001/+'&\u2028" + depth,
            _ when type == typeof(int) || type == typeof(uint) || type == typeof(long) => Convert.ChangeType(7 + depth, type, CultureInfo.InvariantCulture),
            _ when type == typeof(bool) => true,
            _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1),
            _ when type.IsValueType => throw new InvalidOperationException($"no sample for {type}"),
            _ => Record(type, depth),
        };
    }

    private static object OneItem(Type type, int depth)
    {
        var element = type.GetGenericArguments()[0];
        var items = Array.CreateInstance(element, 1);
        items.SetValue(Sample(element, depth + 1), 0);
        var immutable = typeof(ImmutableArray).GetMethods()
            .Single(m => m.Name == "CreateRange" && m.GetParameters().Length == 1).MakeGenericMethod(element).Invoke(null, [items]);
        return Activator.CreateInstance(type, immutable)!;
    }

    private static object Record(Type type, int depth)
    {
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1))]);
    }
}
