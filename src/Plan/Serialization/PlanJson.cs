using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// Canonical JSON for plans: camelCase names in declaration order, enums by name, nulls omitted, arrays
/// always written, no insignificant whitespace. The renderer sorts everything, so the same commit gives the
/// same bytes on every machine, and the hash of those bytes identifies a plan revision.
/// </summary>
public static class PlanJson
{
    /// <summary>The nesting depth a plan or a plan delta may have (System.Text.Json's default, which the plan never nears).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The size a plan or a plan delta read by <see cref="Parse(ReadOnlySpan{byte}, long)"/> may have unless told otherwise:
    /// the renderer's bound on a whole repository. Callers that take bytes from the network bound them lower before.
    /// </summary>
    public const long DefaultMaxBytes = 1024L * 1024 * 1024;

    private const string ReflectionOnly =
        "System.Text.Json's reflection serializer, with the reflection string-enum converter: the reference the hand-written "
        + "reader and writer are tested against, not for a trimmed or Native AOT program (the node reads and writes plans by hand).";

    private static JsonSerializerOptions? _canonical;
    private static JsonSerializerOptions? _indented;

    /// <summary>
    /// System.Text.Json's options for the canonical (compact) form: the rules the hand-written reader and writer follow
    /// and are tested against. Made on first use: a program that only reads and writes plans never makes them.
    /// </summary>
    public static JsonSerializerOptions Canonical
    {
        [RequiresUnreferencedCode(ReflectionOnly)]
        [RequiresDynamicCode(ReflectionOnly)]
        get => _canonical ??= CreateOptions(indented: false);
    }

    /// <summary>The same options for the human-readable (indented) form.</summary>
    public static JsonSerializerOptions Indented
    {
        [RequiresUnreferencedCode(ReflectionOnly)]
        [RequiresDynamicCode(ReflectionOnly)]
        get => _indented ??= CreateOptions(indented: true);
    }

    /// <summary>The encoder of the canonical form (and of <see cref="Canonical"/>): only what JSON requires is escaped.</summary>
    internal static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The options the plan's enum converters are made and called with: the canonical encoder, nothing that reflects.</summary>
    internal static JsonSerializerOptions EnumOptions { get; } = new() { Encoder = Encoder };

    /// <summary>Serializes a plan to canonical UTF-8 bytes.</summary>
    public static byte[] ToCanonicalBytes(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var output = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: false)))
        {
            PlanWriter.Write(writer, plan);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Serializes a plan to indented JSON text.</summary>
    public static string ToIndentedString(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var output = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: true)))
        {
            PlanWriter.Write(writer, plan);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Writes a plan as one JSON value into <paramref name="writer"/>, with the writer's own settings (indentation, encoder).</summary>
    public static void Write(Utf8JsonWriter writer, RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(plan);
        PlanWriter.Write(writer, plan);
    }

    /// <summary>
    /// The content hash of a plan: <c>sha256:&lt;hex&gt;</c> over its canonical bytes with <see cref="RoutingPlan.Source"/>
    /// left out. It names what the plan routes, not which commit it came from: two commits that route the same way
    /// (a reformatting, or a revert of a revert) have the same hash, so nodes do not re-apply them and a rollback
    /// lands on exactly the revision served before.
    /// </summary>
    public static string Hash(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var hashing = new HashingBufferWriter();
        using (var writer = new Utf8JsonWriter(hashing, PlanJsonMembers.Options(indented: false)))
        {
            PlanWriter.Write(writer, plan with { Source = "" });
        }

        return hashing.Hash();
    }

    /// <summary>
    /// <see cref="ToCanonicalBytes"/> and <see cref="Hash"/> from one serialisation: the hash is taken over the same
    /// bytes with the top-level <c>source</c> value left out, which are the bytes of the plan with an empty source.
    /// A node applying a large plan needs both (the hash to name it, the bytes to keep it as its last good plan).
    /// </summary>
    public static (byte[] Bytes, string Hash) ToCanonicalBytesWithHash(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var bytes = ToCanonicalBytes(plan);
        return (bytes, HashOf(bytes) ?? Hash(plan));
    }

    /// <summary>
    /// <see cref="ToCanonicalBytesWithHash(RoutingPlan)"/> with each route entry's bytes copied from <paramref name="entries"/>
    /// where it holds them (the entries of the plan written through it before): the same bytes and hash, without writing
    /// again the entries a delta carried over.
    /// </summary>
    public static (byte[] Bytes, string Hash) ToCanonicalBytesWithHash(RoutingPlan plan, RouteEntryBytes entries)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(entries);
        using var output = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: false)))
        {
            PlanWriter.Write(writer, plan, entries);
        }

        var bytes = output.WrittenSpan.ToArray();
        return (bytes, HashOf(bytes) ?? Hash(plan));
    }

    /// <summary>
    /// The <see cref="Hash"/> of the plan that <paramref name="utf8Json"/> holds, taken over these bytes as they are
    /// (the top-level <c>source</c> value left out), without serialising anything: for bytes that are the canonical
    /// form of a plan it equals <see cref="Hash"/> of that plan. Null when the bytes are not a JSON object with a
    /// <c>source</c> string at the top. A node that received a plan's bytes names the plan it compiled from them with it.
    /// </summary>
    public static string? HashOf(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("source"u8))
                {
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                // The value as written (escapes included), between its quotes.
                var start = (int)reader.TokenStartIndex + 1;
                var end = start + reader.ValueSpan.Length;
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                sha.AppendData(utf8Json[..start]);
                sha.AppendData(utf8Json[end..]);
                return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a plan written by <see cref="ToCanonicalBytes"/> or <see cref="ToIndentedString"/>.</summary>
    /// <exception cref="PlanJsonException">The bytes are not a plan, or more than <paramref name="maxBytes"/>.</exception>
    public static RoutingPlan Parse(ReadOnlySpan<byte> utf8Json, long maxBytes = DefaultMaxBytes) => PlanReader.Read(utf8Json, maxBytes);

    /// <summary>Reads a plan from text.</summary>
    /// <exception cref="PlanJsonException">The text is not a plan.</exception>
    public static RoutingPlan Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return PlanReader.Read(Encoding.UTF8.GetBytes(json));
    }

    [RequiresUnreferencedCode(ReflectionOnly)]
    [RequiresDynamicCode(ReflectionOnly)]
    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = Encoder,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
