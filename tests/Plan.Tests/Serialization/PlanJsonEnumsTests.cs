using System.Reflection;
using System.Text;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Tests.Serialization;

/// <summary>
/// The plan's enums read and written without reflection (<c>PlanJsonEnums</c>) against the reflection string-enum converter of
/// <see cref="PlanJson.Canonical"/>: for every enum of the plan's assembly, every named value and random numbers write the same
/// bytes, and names in any case, numbers, numeric strings and garbage read to the same value or fail alike.
/// </summary>
public sealed class PlanJsonEnumsTests
{
    private static readonly string[] Garbage =
    [
        "null", "0", "-1", "1", "255", "256", "2147483647", "2147483648", "-2147483649", "1.5", "1e2", "true", "[]", "{}",
        "\"\"", "\" \"", "\"x\"", "\"1\"", "\"-1\"", "\" 1\"", "\"1.5\"", "\"0x1\"", "\"\\u0000\"", "\"\\ud800\"",
    ];

    public static TheoryData<string> Enums() =>
        [.. typeof(RoutingPlan).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).Select(t => t.FullName!)];

    [Fact]
    public void Enums_PlanAssembly_IncludeTheModelsEnums()
    {
        var names = Enums().Select(row => row.Data).ToList();

        Assert.Contains(typeof(MatchKind).FullName, names);
        Assert.Contains(typeof(FilterType).FullName, names);
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void Write_EveryNamedAndRandomValue_SameBytesAsReflectionConverter(string name) =>
        Generic(nameof(WriteSame), name);

    [Theory]
    [MemberData(nameof(Enums))]
    public void Read_NamesNumbersAndGarbage_SameOutcomeAsReflectionConverter(string name) =>
        Generic(nameof(ReadSame), name);

    [Fact]
    public void WriteAndRead_EveryName_NeverMakesTheConverter()
    {
        foreach (var value in Enum.GetValues<Unused>())
        {
            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: false)))
            {
                writer.WriteStartObject();
                PlanJsonMembers.Enum(writer, "v"u8, value);
                writer.WriteEndObject();
            }

            Assert.Equal("{\"v\":\"" + value + "\"}", Encoding.UTF8.GetString(output.ToArray()));
            Assert.Equal(value, Hand(output.ToArray()));
        }

        Assert.False(PlanJsonEnums<Unused>.ConverterMade);
    }

    [Fact]
    public void Read_NameInAnotherCase_TakesTheConverter()
    {
        Assert.Equal("value First", Hand<UnusedOtherCase>("\"first\""));

        Assert.True(PlanJsonEnums<UnusedOtherCase>.ConverterMade);
    }

    [Theory]
    [InlineData(typeof(Small), true)]
    [InlineData(typeof(Sparse), true)]
    [InlineData(typeof(Negative), false)]
    [InlineData(typeof(Large), false)]
    [InlineData(typeof(Bytes), false)]
    public void Of_EnumShape_NamesOnlyForSmallNonNegativeInts(Type type, bool hasNames) =>
        Assert.Equal(hasNames, PlanJsonEnumNames.Of(type).HasNames);

    [Fact]
    public void Of_SparseWithAlias_NamesAsToStringAndEveryDeclaredNameReads()
    {
        var names = PlanJsonEnumNames.Of(typeof(Sparse));

        Assert.Equal(Sparse.Ten.ToString(), names.NameOf(10)?.ToString());
        Assert.Null(names.NameOf(5));
        Assert.Null(names.NameOf(-1));
        Assert.Null(names.NameOf(11));
        Assert.Equal(10, names.ValueOf("Ten"u8));
        Assert.Equal(10, names.ValueOf("Alias"u8));
        Assert.Equal(-1, names.ValueOf("ten"u8));
    }

    private static void Generic(string method, string enumName)
    {
        var type = typeof(RoutingPlan).Assembly.GetType(enumName, throwOnError: true)!;
        try
        {
            typeof(PlanJsonEnumsTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static void WriteSame<T>()
        where T : struct, Enum
    {
        foreach (var value in Values<T>())
        {
            var expected = "{\"v\":" + JsonSerializer.Serialize(value, PlanJson.Canonical) + "}";
            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: false)))
            {
                writer.WriteStartObject();
                PlanJsonMembers.Enum(writer, "v"u8, value);
                writer.WriteEndObject();
            }

            Assert.Equal(expected, Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    private static void ReadSame<T>()
        where T : struct, Enum
    {
        var inputs = Enum.GetNames<T>()
            .SelectMany(n => new[] { n, n.ToLowerInvariant(), n.ToUpperInvariant(), n + "x", " " + n, n + ", " + n })
            .Select(n => JsonSerializer.Serialize(n))
            .Concat(Values<T>().Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(Garbage);
        foreach (var json in inputs)
        {
            Assert.Equal(Reference<T>(json), Hand<T>(json));
        }
    }

    private static IEnumerable<T> Values<T>()
        where T : struct, Enum
    {
        var random = new Random(typeof(T).Name.Length);
        var underlying = Enum.GetUnderlyingType(typeof(T));
        var max = underlying == typeof(byte) ? byte.MaxValue : underlying == typeof(short) ? short.MaxValue : int.MaxValue;
        return Enum.GetValues<T>()
            .Concat(Enumerable.Range(0, 200).Select(_ => (T)Enum.ToObject(typeof(T), random.NextInt64(0, (long)max + 1))))
            .Concat(Enumerable.Range(-4, 40).Where(n => n >= 0 || underlying != typeof(byte)).Select(n => (T)Enum.ToObject(typeof(T), n)));
    }

    private static string Reference<T>(string json)
        where T : struct, Enum
    {
        try
        {
            return "value " + JsonSerializer.Deserialize<T>(json, PlanJson.Canonical);
        }
        catch (JsonException)
        {
            return "refused";
        }
    }

    private static string Hand<T>(string json)
        where T : struct, Enum
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"v\":" + json + "}"));
        reader.Read();
        reader.Read();
        try
        {
            return "value " + PlanJsonFields.Enum<T>(ref reader);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // What the plan's readers turn into a PlanJsonException (PlanJsonFields.Read): a string that does not decode.
            return "refused";
        }
    }

    private static Unused Hand(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        reader.Read();
        return PlanJsonFields.Enum<Unused>(ref reader);
    }

    // Enums of this test alone, so that no other test makes their converters first.
    private enum Unused
    {
        First,
        Second,
        Third,
    }

    private enum UnusedOtherCase
    {
        First,
    }

    private enum Small
    {
        A,
        B,
    }

    private enum Sparse
    {
        Zero = 0,
        Ten = 10,
        Alias = 10,
    }

    private enum Negative
    {
        Minus = -1,
        Zero,
    }

    private enum Large
    {
        Big = 100_000,
    }

    private enum Bytes : byte
    {
        A,
    }
}
