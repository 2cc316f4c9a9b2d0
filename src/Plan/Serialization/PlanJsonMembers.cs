using System.Text.Json;
using GitGateway.Plan.Model;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// The member writers of the plan's writers, each writing what System.Text.Json writes under
/// <see cref="PlanJson.Canonical"/> for the same member: a null member is left out (whatever the record allows), an array
/// is always written (a null item as <c>null</c>), an enum by name. A record's writer writes its members in declaration
/// order; <see cref="Object{T}"/> and <see cref="Array{T}"/> put the braces around them.
/// </summary>
internal static class PlanJsonMembers
{
    /// <summary>
    /// Pending bytes past which an array's writer hands them on between items: a writer over a stream (the render's
    /// output) then holds a few of them, not the whole plan (System.Text.Json's serializer flushes likewise).
    /// </summary>
    internal const int FlushThreshold = 64 * 1024;

    /// <summary>
    /// The writer options of the canonical form (the indented form adds indentation and nothing else): the encoder of
    /// <see cref="PlanJson.Canonical"/>, and its depth, so that what is written can be read back.
    /// </summary>
    public static JsonWriterOptions Options(bool indented) =>
        new() { Encoder = PlanJson.Encoder, Indented = indented, SkipValidation = true, MaxDepth = PlanJson.MaxDepth };

    public static void String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    public static void Enum<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value)
        where T : struct, Enum => PlanJsonEnums<T>.Write(writer, name, value);

    public static void Object<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            Value(writer, value, members);
        }
    }

    /// <summary>One record as an object, or null.</summary>
    public static void Value<T>(Utf8JsonWriter writer, T? value, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        members(writer, value);
        writer.WriteEndObject();
    }

    public static void Array<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, EquatableArray<T> items, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            Value(writer, item, members);
            if (writer.BytesPending > FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>An array that may be absent as a whole: left out when null.</summary>
    public static void Array<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, EquatableArray<T>? items, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        if (items is { } present)
        {
            Array(writer, name, present, members);
        }
    }

    public static void Strings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, EquatableArray<string> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(item);
            }
        }

        writer.WriteEndArray();
    }

    public static void Ints(Utf8JsonWriter writer, ReadOnlySpan<byte> name, EquatableArray<int> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteNumberValue(item);
        }

        writer.WriteEndArray();
    }

    public static void ObjectRef(Utf8JsonWriter writer, ObjectRef reference)
    {
        String(writer, "kind"u8, reference.Kind);
        String(writer, "namespace"u8, reference.Namespace);
        String(writer, "name"u8, reference.Name);
    }

    public static void SourceMark(Utf8JsonWriter writer, SourceMark mark)
    {
        String(writer, "file"u8, mark.File);
        writer.WriteNumber("line"u8, mark.Line);
        writer.WriteNumber("column"u8, mark.Column);
    }
}
