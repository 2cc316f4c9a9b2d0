using System.Text.Json;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Delta;

/// <summary>A <see cref="PlanDelta"/> on the wire: the plan's canonical JSON, written and read by the plan's own writer and reader, under its own media type.</summary>
public static class PlanDeltaJson
{
    /// <summary>The media type of a delta answer to a node's long poll.</summary>
    public const string MediaType = "application/vnd.gitgateway.plan-delta+json";

    /// <summary>The delta's canonical UTF-8 bytes.</summary>
    public static byte[] ToBytes(PlanDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        using var output = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(output, PlanJsonMembers.Options(indented: false)))
        {
            PlanDeltaWriter.Write(writer, delta);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <exception cref="PlanJsonException">The bytes are not a delta, or more than <paramref name="maxBytes"/>.</exception>
    public static PlanDelta Parse(ReadOnlySpan<byte> utf8Json, long maxBytes = PlanJson.DefaultMaxBytes) => PlanDeltaReader.Read(utf8Json, maxBytes);
}
