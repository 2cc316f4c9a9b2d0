using System.Text.Json;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Delta;

/// <summary>A <see cref="PlanDelta"/> on the wire: the plan's canonical JSON options, under its own media type.</summary>
public static class PlanDeltaJson
{
    /// <summary>The media type of a delta answer to a node's long poll.</summary>
    public const string MediaType = "application/vnd.gitgateway.plan-delta+json";

    public static byte[] ToBytes(PlanDelta delta) => JsonSerializer.SerializeToUtf8Bytes(delta, PlanJson.Canonical);

    /// <exception cref="JsonException">The text is not a delta.</exception>
    public static PlanDelta Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<PlanDelta>(utf8Json, PlanJson.Canonical) ?? throw new JsonException("The delta is null.");
}
