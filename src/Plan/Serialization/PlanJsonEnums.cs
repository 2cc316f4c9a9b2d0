using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// An enum of the plan as <see cref="PlanJson.Canonical"/> has it: read by that converter (names, and numbers), written
/// by name from a table made once, or as a number when the value has no name, as the converter writes it.
/// </summary>
internal static class PlanJsonEnums<T>
    where T : struct, Enum
{
    public static readonly JsonConverter<T> Converter = (JsonConverter<T>)PlanJson.Canonical.GetConverter(typeof(T));

    private static readonly Dictionary<T, JsonEncodedText> Names =
        System.Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => JsonEncodedText.Encode(v.ToString(), PlanJson.Canonical.Encoder));

    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value)
    {
        if (Names.TryGetValue(value, out var text))
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WritePropertyName(name);
            Converter.Write(writer, value, PlanJson.Canonical);
        }
    }
}
