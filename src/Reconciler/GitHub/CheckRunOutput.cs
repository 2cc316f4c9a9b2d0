namespace GitGateway.Reconciler.GitHub;

/// <summary>The <c>output</c> object of a check run (title, markdown summary and text, annotations).</summary>
internal sealed record CheckRunOutput(string Title, string Summary, string? Text, IReadOnlyList<CheckAnnotation>? Annotations)
{
    /// <summary>This output as Octokit sends it, carrying <paramref name="batch"/> as its annotations.</summary>
    public Octokit.NewCheckRunOutput ToOctokit(IEnumerable<CheckAnnotation> batch) => new(Title, Summary)
    {
        Text = Text,
        Annotations = [.. batch.Select(a => a.ToOctokit())],
    };
}
