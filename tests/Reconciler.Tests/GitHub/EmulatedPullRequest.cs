using System.Text.Json.Nodes;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>An open pull request as the emulator lists it (GitHub's <c>pulls</c> shape, the fields in use).</summary>
internal sealed record EmulatedPullRequest(int Number, string HeadRef, string HeadSha, string BaseRef, string BaseSha, string State = "open")
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Number * 10L,
        ["number"] = Number,
        ["state"] = State,
        ["title"] = $"Pull request {Number}",
        ["head"] = new JsonObject { ["ref"] = HeadRef, ["sha"] = HeadSha, ["label"] = "acme:" + HeadRef },
        ["base"] = new JsonObject { ["ref"] = BaseRef, ["sha"] = BaseSha, ["label"] = "acme:" + BaseRef },
        ["draft"] = false,
    };
}
