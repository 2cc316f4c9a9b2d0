using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Plan.Model;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// The member readers of the plan's readers, each with the rule System.Text.Json follows under
/// <see cref="PlanJson.Canonical"/> for the same member (the reference the tests compare with): a missing member is the
/// parameter's default, an explicit null where the parameter is not nullable is refused, a null array is empty, a
/// number must fit its type exactly, an enum is read by the converter those options have. A member reader is called
/// with the reader on the member's name and leaves it on the last token of the value; a value reader
/// (<see cref="Value{T}"/>) starts on the value's first token. The readers of the two small records every large one
/// refers to (<see cref="ObjectRef"/>, <see cref="SourceMark"/>) are here too.
/// </summary>
internal static class PlanJsonFields
{
    /// <summary>Reads one value (an object or null) starting on its first token.</summary>
    public delegate T? Value<T>(ref Utf8JsonReader reader)
        where T : class;

    /// <summary>The reader settings System.Text.Json derives from <see cref="PlanJson.Canonical"/>: depth 64, no comments.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = PlanJson.MaxDepth };

    /// <summary>
    /// Reads a whole document of one value: refuses more than <paramref name="maxBytes"/>, null, and anything after the
    /// value, and turns every failure into a <see cref="PlanJsonException"/> with the byte it happened at.
    /// </summary>
    public static T ReadDocument<T>(ReadOnlySpan<byte> utf8Json, Value<T> value, long maxBytes)
        where T : class
    {
        if (utf8Json.Length > maxBytes)
        {
            throw new PlanJsonException($"The {typeof(T).Name} is {utf8Json.Length} bytes, more than the limit of {maxBytes}.", 0);
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            reader.Read();
            var read = value(ref reader) ?? throw Unexpected(ref reader, typeof(T).Name);

            // Anything but white space after the value makes the reader throw, as it does for the serializer.
            return reader.Read() ? throw Unexpected(ref reader, "the end") : read;
        }
        catch (PlanJsonException)
        {
            throw;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // A string or a member name that does not decode, a token cut short: all one typed refusal with its place.
            throw new PlanJsonException($"{e.Message} (at byte {reader.BytesConsumed})", reader.BytesConsumed, e);
        }
    }

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
        return StringValue(ref reader, nullable);
    }

    public static int Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        return IntValue(ref reader);
    }

    public static int? IntOrNull(ref Utf8JsonReader reader) => ReadIsNull(ref reader) ? null : IntValue(ref reader);

    public static uint UInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return UIntValue(ref reader);
    }

    public static uint? UIntOrNull(ref Utf8JsonReader reader) => ReadIsNull(ref reader) ? null : UIntValue(ref reader);

    public static long Long(ref Utf8JsonReader reader)
    {
        reader.Read();
        return LongValue(ref reader);
    }

    public static long? LongOrNull(ref Utf8JsonReader reader) => ReadIsNull(ref reader) ? null : LongValue(ref reader);

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
            : PlanJsonEnums<T>.Read(ref reader);
    }

    public static T? Object<T>(ref Utf8JsonReader reader, Value<T> value, bool nullable)
        where T : class
    {
        reader.Read();
        return value(ref reader) is { } read ? read : nullable ? null : throw Unexpected(ref reader, typeof(T).Name);
    }

    /// <summary>An array of records; null is empty, as <see cref="EquatableArray{T}"/> reads it, and an item may be null.</summary>
    public static EquatableArray<T> Array<T>(ref Utf8JsonReader reader, Value<T> item)
        where T : class
    {
        if (!StartArray(ref reader))
        {
            return EquatableArray<T>.Empty;
        }

        var items = ImmutableArray.CreateBuilder<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // An item may be null, as System.Text.Json leaves it: the validator refuses the plan, not the reader.
            items.Add(item(ref reader)!);
        }

        return new EquatableArray<T>(items.DrainToImmutable());
    }

    /// <summary>An array that may be absent as a whole (null stays null), as <see cref="Nullable{T}"/> reads it.</summary>
    public static EquatableArray<T>? ArrayOrNull<T>(ref Utf8JsonReader reader, Value<T> item)
        where T : class
    {
        var ahead = reader;
        return ahead.Read() && ahead.TokenType == JsonTokenType.Null ? ReadNull<T>(ref reader) : Array(ref reader, item);
    }

    /// <summary>An array of strings; an item may be null (element types are not checked for nullability).</summary>
    public static EquatableArray<string> Strings(ref Utf8JsonReader reader)
    {
        if (!StartArray(ref reader))
        {
            return EquatableArray<string>.Empty;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(StringValue(ref reader, nullable: true)!);
        }

        return new EquatableArray<string>(items.DrainToImmutable());
    }

    public static EquatableArray<int> Ints(ref Utf8JsonReader reader)
    {
        if (!StartArray(ref reader))
        {
            return EquatableArray<int>.Empty;
        }

        var items = ImmutableArray.CreateBuilder<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(IntValue(ref reader));
        }

        return new EquatableArray<int>(items.DrainToImmutable());
    }

    /// <summary>An object reference (a listener's gateway, a route entry's route).</summary>
    public static ObjectRef? ObjectRef(ref Utf8JsonReader reader) =>
        ThreeStrings(ref reader, "kind"u8, "namespace"u8, "name"u8, static (kind, ns, name) => new ObjectRef(kind, ns, name));

    /// <summary>A record of two strings, neither nullable (a header value, a subject alternative name, a path modifier).</summary>
    public static T? TwoStrings<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Func<string, string, T> create)
        where T : class
    {
        if (!StartObject(ref reader))
        {
            return null;
        }

        string? a = null, b = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals(first)) { a = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals(second)) { b = String(ref reader, nullable: false); }
            else { Skip(ref reader); }
        }

        return create(a!, b!);
    }

    /// <summary>A record of three strings, none nullable (an object or a certificate reference).</summary>
    public static T? ThreeStrings<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, Func<string, string, string, T> create)
        where T : class
    {
        if (!StartObject(ref reader))
        {
            return null;
        }

        string? a = null, b = null, c = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals(first)) { a = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals(second)) { b = String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals(third)) { c = String(ref reader, nullable: false); }
            else { Skip(ref reader); }
        }

        return create(a!, b!, c!);
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

    public static PlanJsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected}, found {reader.TokenType} at byte {reader.TokenStartIndex}.", reader.TokenStartIndex);

    private static EquatableArray<T>? ReadNull<T>(ref Utf8JsonReader reader)
    {
        reader.Read();
        return null;
    }

    /// <summary>Moves to the value; true on the start of an array, false on null; anything else is not the array.</summary>
    private static bool StartArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw Unexpected(ref reader, "an array"),
        };
    }

    private static bool ReadIsNull(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.Null;

    private static string? StringValue(ref Utf8JsonReader reader, bool nullable) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null when nullable => null,
        _ => throw Unexpected(ref reader, "a string"),
    };

    private static int IntValue(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Unexpected(ref reader, "a 32-bit integer");

    private static uint UIntValue(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value) ? value : throw Unexpected(ref reader, "an unsigned 32-bit integer");

    private static long LongValue(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, "a 64-bit integer");
}
