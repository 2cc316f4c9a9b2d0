using System.Text.Json;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// The names of one <see cref="int"/>-based enum of the plan, by value: each value's name as <c>ToString</c> gives it,
/// encoded once for writing, and each declared name's UTF-8 bytes with its value for reading. Built from the enum's
/// <see cref="Type"/> with the non-generic <see cref="Enum"/> methods, so that nothing generic over the enum is
/// compiled at start: no framework collection, LINQ operator or converter is instantiated over it. An enum of another
/// underlying type, or whose values are not small and non-negative, gets an empty table (every value is then the
/// converter's).
/// </summary>
internal sealed class PlanJsonEnumNames
{
    // Values above this have no slot: the plan's enums number their names from 0.
    private const int MaxValue = 255;

    private readonly JsonEncodedText?[] _byValue;
    private readonly byte[][] _names;
    private readonly int[] _values;

    private PlanJsonEnumNames(JsonEncodedText?[] byValue, byte[][] names, int[] values)
    {
        _byValue = byValue;
        _names = names;
        _values = values;
    }

    /// <summary>Whether the table holds names (the enum is <see cref="int"/>-based with small non-negative values).</summary>
    public bool HasNames => _names.Length > 0;

    public static PlanJsonEnumNames Of(Type enumType)
    {
        var empty = new PlanJsonEnumNames([], [], []);
        if (Enum.GetUnderlyingType(enumType) != typeof(int))
        {
            return empty;
        }

        var names = Enum.GetNames(enumType);
        var values = Enum.GetValuesAsUnderlyingType(enumType);
        var numbers = new int[values.Length];
        var highest = -1; // found in the same pass: LINQ's Max would be JIT-compiled at start for this alone
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = (int)values.GetValue(i)!;
            if (numbers[i] is < 0 or > MaxValue)
            {
                return empty;
            }

            highest = Math.Max(highest, numbers[i]);
        }

        var byValue = new JsonEncodedText?[highest + 1];
        foreach (var number in numbers)
        {
            byValue[number] ??= JsonEncodedText.Encode(Enum.ToObject(enumType, number).ToString()!, PlanJson.Encoder);
        }

        return new PlanJsonEnumNames(byValue, [.. names.Select(n => System.Text.Encoding.UTF8.GetBytes(n))], numbers);
    }

    /// <summary>The name <paramref name="value"/> is written with, or null when it has none.</summary>
    public JsonEncodedText? NameOf(int value) => (uint)value < (uint)_byValue.Length ? _byValue[value] : null;

    /// <summary>The value of the declared name that is exactly <paramref name="utf8"/> (case and all), or -1.</summary>
    public int ValueOf(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (utf8.SequenceEqual(_names[i]))
            {
                return _values[i];
            }
        }

        return -1;
    }
}
