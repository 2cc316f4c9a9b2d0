using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GitGateway.Plan.Serialization;

/// <summary>Writes <see cref="EquatableArray{T}"/> as a JSON array; reads null or a missing value as empty.</summary>
public sealed class EquatableArrayJsonConverterFactory : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    /// <inheritdoc />
    [UnconditionalSuppressMessage(
        "AotAnalysis",
        "IL3050",
        Justification = "Only a serializer that meets EquatableArray through its attribute gets here: the reflection serializer "
            + "(PlanJson.Canonical and JsonSerializer calls without a context, flagged where they are made) or a source-generated "
            + "context listing an EquatableArray, which no project has. The plan's own readers and writers, and so the node, never do.")]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var element = typeToConvert.GetGenericArguments()[0];
        return (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(element))!;
    }

    private sealed class Converter<T> : JsonConverter<EquatableArray<T>>
    {
        public override bool HandleNull => true;

        public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return EquatableArray<T>.Empty;
            }

            var items = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<ImmutableArray<T>>)options.GetTypeInfo(typeof(ImmutableArray<T>)));
            return new EquatableArray<T>(items);
        }

        public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, info);
            }

            writer.WriteEndArray();
        }
    }
}
