using System.Text.Json.Serialization;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// What <c>/readyz</c> answers: whether the node serves, the plan revision it serves (hash and source commit), the
/// Gateway ports it has bound, and the last revision it refused with the reason (null once a later one is
/// applied), so a node serving an older plan than it was offered says so. The VIP announcer reads it to announce a
/// VIP only while the revision that contains it is served.
/// </summary>
internal sealed record NodeReadiness(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("planHash")] string? PlanHash,
    [property: JsonPropertyName("ports")] IReadOnlyList<int> Ports)
{
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("rejectedPlanHash")]
    public string? RejectedPlanHash { get; init; }

    [JsonPropertyName("rejectedError")]
    public string? RejectedError { get; init; }
}
