using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitGateway.Reconciler.GitHub;

/// <summary>GitHub's REST payloads use snake_case names; nulls are left out of requests.</summary>
internal static class GitHubJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
