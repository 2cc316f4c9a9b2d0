using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// An enum of the plan as <see cref="PlanJson.Canonical"/> has it, without reflection: a value with a name is written by
/// that name and an exact name read to its value from <see cref="PlanJsonEnumNames"/>; anything else (a value with no
/// name, a name in another case, a number) goes to System.Text.Json's generic string-enum converter, made for
/// <typeparamref name="T"/> on first need (the converter the canonical options make by reflection). A program that
/// writes and reads canonical plans never makes it, and so never compiles its code for the plan's enums at start.
/// </summary>
internal static class PlanJsonEnums<T>
    where T : struct, Enum
{
    private static readonly PlanJsonEnumNames Names = PlanJsonEnumNames.Of(typeof(T));
    private static JsonConverter<T>? _converter;

    /// <summary>Whether the converter was needed so far in this process (for the tests).</summary>
    internal static bool ConverterMade => _converter is not null;

    private static JsonConverter<T> Converter =>
        _converter ??= (JsonConverter<T>)new JsonStringEnumConverter<T>().CreateConverter(typeof(T), PlanJson.EnumOptions);

    /// <summary>Reads the value at the reader's current token (a name, or a number), as the canonical options read it.</summary>
    public static T Read(ref Utf8JsonReader reader)
    {
        // The table holds names only for an int-based enum, so the value is the enum's own four bytes.
        if (Names.HasNames && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Names.ValueOf(reader.ValueSpan) is var value and >= 0)
        {
            return Unsafe.As<int, T>(ref value);
        }

        return Converter.Read(ref reader, typeof(T), PlanJson.EnumOptions);
    }

    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value)
    {
        if (Names.HasNames && Names.NameOf(Unsafe.As<T, int>(ref value)) is { } text)
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WritePropertyName(name);
            Converter.Write(writer, value, PlanJson.EnumOptions);
        }
    }
}
