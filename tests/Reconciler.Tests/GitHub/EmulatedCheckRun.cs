using System.Text.Json.Nodes;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>A check run the emulator holds, with every annotation received across its create and update calls.</summary>
internal sealed class EmulatedCheckRun(long id, string name, string headSha)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public string HeadSha { get; } = headSha;

    public string Status { get; set; } = "queued";

    public string? Conclusion { get; set; }

    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Text { get; set; }

    public string? DetailsUrl { get; set; }

    public List<JsonObject> Annotations { get; } = [];

    /// <summary>How many annotations each request carried (create first, then updates).</summary>
    public List<int> AnnotationBatches { get; } = [];
}
