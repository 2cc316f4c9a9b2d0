using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// The member readers of <see cref="PlanReader"/>, each with the rule <see cref="PlanJson.Canonical"/> gives
/// System.Text.Json for the same member: a missing member is the parameter's default, an explicit null where the
/// parameter is not nullable is refused, a null array is empty, a number must fit an <see cref="int"/> exactly, an
/// enum is read by the same converter. A member reader is called with the reader on the member's name and leaves it
/// on the last token of the value; a value reader (<see cref="Value{T}"/>) starts on the value's first token.
/// The value readers of the two small records every large one refers to (<see cref="ObjectRef"/>, <see cref="SourceMark"/>)
/// are here too.
/// </summary>
internal static class PlanJsonFields
{
    /// <summary>Reads one value (an object or null) starting on its first token.</summary>
    public delegate T? Value<T>(ref Utf8JsonReader reader)
        where T : class;

    private static JsonSerializerOptions Options => PlanJson.Canonical;

    /// <summary>The reader settings System.Text.Json derives from <see cref="PlanJson.Canonical"/>.</summary>
    public static JsonReaderOptions ReaderOptions => new()
    {
        MaxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth,
        AllowTrailingCommas = Options.AllowTrailingCommas,
        CommentHandling = Options.ReadCommentHandling,
    };

    /// <summary>True on the start of an object, false on null; anything else is not the object.</summary>
    public static bool StartObject(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw Unexpected(ref reader, "an object"),
    };

    /// <summary>Moves to the next member's name; false at the end of the object.</summary>
    public static bool NextMember(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Skips a member the plan does not have (System.Text.Json skips unmapped members likewise).</summary>
    public static void Skip(ref Utf8JsonReader reader) => reader.Skip();

    public static string? String(ref Utf8JsonReader reader, bool nullable)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null when nullable => null,
            _ => throw Unexpected(ref reader, "a string"),
        };
    }

    public static int Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw Unexpected(ref reader, "a 32-bit integer");
    }

    public static bool Bool(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Unexpected(ref reader, "true or false"),
        };
    }

    /// <summary>An enum, by the converter <see cref="PlanJson.Canonical"/> has for it (names, as it reads them).</summary>
    public static T Enum<T>(ref Utf8JsonReader reader)
        where T : struct, Enum
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null
            ? throw Unexpected(ref reader, typeof(T).Name)
            : EnumConverter<T>.Instance.Read(ref reader, typeof(T), Options);
    }

    public static T? Object<T>(ref Utf8JsonReader reader, Value<T> value, bool nullable)
        where T : class
    {
        reader.Read();
        return value(ref reader) is { } read ? read : nullable ? null : throw Unexpected(ref reader, typeof(T).Name);
    }

    /// <summary>An array read by hand, item by item; null is empty, as <see cref="EquatableArray{T}"/> reads it.</summary>
    public static EquatableArray<T> Array<T>(ref Utf8JsonReader reader, Value<T> item)
        where T : class
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return EquatableArray<T>.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, "an array");
        }

        var items = ImmutableArray.CreateBuilder<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // An item may be null, as System.Text.Json leaves it: the validator refuses the plan, not the reader.
            items.Add(item(ref reader)!);
        }

        return new EquatableArray<T>(items.DrainToImmutable());
    }

    /// <summary>An array of a record read by System.Text.Json, except an empty or null one, which is read here.</summary>
    public static EquatableArray<T> ArrayBySerializer<T>(ref Utf8JsonReader reader)
    {
        var ahead = reader;
        ahead.Read();
        if (ahead.TokenType == JsonTokenType.Null || (ahead.TokenType == JsonTokenType.StartArray && ahead.Read() && ahead.TokenType == JsonTokenType.EndArray))
        {
            reader = ahead;
            return EquatableArray<T>.Empty;
        }

        return BySerializer<EquatableArray<T>>(ref reader, nullable: false);
    }

    /// <summary>A value System.Text.Json reads with <see cref="PlanJson.Canonical"/>: the records a plan holds few of.</summary>
    public static T? BySerializer<T>(ref Utf8JsonReader reader, bool nullable)
    {
        reader.Read();
        var value = JsonSerializer.Deserialize<T>(ref reader, Options);
        return value is null && !nullable ? throw Unexpected(ref reader, typeof(T).Name) : value;
    }

    /// <summary>An object reference (a listener's gateway, a route entry's route).</summary>
    public static ObjectRef? ObjectRef(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader))
        {
            return null;
        }

        string? kind = null, ns = null, name = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("kind"u8)) { kind = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("namespace"u8)) { ns = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("name"u8)) { name = String(ref reader, nullable: false); }
            else { Skip(ref reader); }
        }

        return new ObjectRef(kind!, ns!, name!);
    }

    /// <summary>Where in the repository a record came from.</summary>
    public static SourceMark? SourceMark(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader))
        {
            return null;
        }

        string? file = null;
        var (line, column) = (0, 0);
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("file"u8)) { file = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("line"u8)) { line = Int(ref reader); }
            else if (reader.ValueTextEquals("column"u8)) { column = Int(ref reader); }
            else { Skip(ref reader); }
        }

        return new SourceMark(file!, line, column);
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"expected {expected}, found {reader.TokenType} at byte {reader.TokenStartIndex}");

    /// <summary>The converter <see cref="PlanJson.Canonical"/> has for an enum (also what <see cref="PlanWriter"/> writes with).</summary>
    internal static class EnumConverter<T>
    {
        public static readonly JsonConverter<T> Instance = (JsonConverter<T>)Options.GetConverter(typeof(T));
    }
}
