namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// A check-run annotation at a file line. <c>annotation_level</c> is <c>notice</c>, <c>warning</c> or <c>failure</c>;
/// GitHub accepts at most 50 per request, so the client sends them in batches.
/// </summary>
internal sealed record CheckAnnotation(string Path, int StartLine, int EndLine, string AnnotationLevel, string Message, string? Title)
{
    /// <summary>This annotation as Octokit sends it; a level GitHub does not know is sent as a notice.</summary>
    public Octokit.NewCheckRunAnnotation ToOctokit() =>
        new(Path, StartLine, EndLine, Enum.TryParse<Octokit.CheckAnnotationLevel>(AnnotationLevel, ignoreCase: true, out var level) ? level : Octokit.CheckAnnotationLevel.Notice, Message)
        {
            Title = Title,
        };
}
