using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// An enum of the plan as <see cref="PlanJson.Canonical"/> has it, without reflection: read by System.Text.Json's generic
/// string-enum converter (names, and numbers: the converter the canonical options make by reflection, made here for
/// <typeparamref name="T"/> at compile time), written by name from a table made once, or as a number when the value has
/// no name, as that converter writes it.
/// </summary>
internal static class PlanJsonEnums<T>
    where T : struct, Enum
{
    private static readonly JsonConverter<T> Converter =
        (JsonConverter<T>)new JsonStringEnumConverter<T>().CreateConverter(typeof(T), PlanJson.EnumOptions);

    private static readonly Dictionary<T, JsonEncodedText> Names =
        System.Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => JsonEncodedText.Encode(v.ToString(), PlanJson.Encoder));

    /// <summary>Reads the value at the reader's current token (a name, or a number), as the canonical options read it.</summary>
    public static T Read(ref Utf8JsonReader reader) => Converter.Read(ref reader, typeof(T), PlanJson.EnumOptions);

    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value)
    {
        if (Names.TryGetValue(value, out var text))
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
