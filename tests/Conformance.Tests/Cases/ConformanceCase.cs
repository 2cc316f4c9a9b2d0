using System.Text.Json;
using GitGateway.Fixtures;

namespace GitGateway.Conformance.Tests.Cases;

/// <summary>
/// One line of <c>cases.jsonl</c>: a conformance test, its manifests and its traffic expectations; <c>InScope</c> is
/// <see cref="ConformanceScope.Runs"/> (the data's classification plus the features we claim).
/// </summary>
internal sealed record ConformanceCase(
    string Test,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Manifests,
    IReadOnlyList<JsonElement> Requests,
    IReadOnlyList<JsonElement> Mutations,
    bool InScope,
    bool Provisional)
{
    /// <summary>The feature the case is reported under: its most specific one (the last listed).</summary>
    public string Feature => Features.Count > 0 ? Features[^1] : "Gateway";

    public static ConformanceCase Parse(JsonElement line) => new(
        line.GetProperty("test").GetString()!,
        [.. line.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)],
        [.. line.GetProperty("manifests").EnumerateArray().Select(f => f.GetString()!)],
        [.. line.GetProperty("requests").EnumerateArray().Select(r => r.Clone())],
        line.TryGetProperty("mutations", out var m) ? [.. m.EnumerateArray().Select(x => x.Clone())] : [],
        ConformanceScope.Runs(line.GetProperty("inScope").GetBoolean(), line.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)),
        line.TryGetProperty("provisional", out var p) && p.GetBoolean());
}
