using System.Text.Json.Serialization;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// What <c>/readyz</c> answers: whether the node serves, the plan revision it serves and the Gateway ports it has
/// bound. The VIP announcer reads it to announce a VIP only while the revision that contains it is served.
/// </summary>
internal sealed record NodeReadiness(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("planHash")] string? PlanHash,
    [property: JsonPropertyName("ports")] IReadOnlyList<int> Ports);
