namespace GitGateway.Reconciler.GitHub;

/// <summary>The <c>output</c> object of a check run (title, markdown summary and text, annotations).</summary>
internal sealed record CheckRunOutput(string Title, string Summary, string? Text, IReadOnlyList<CheckAnnotation>? Annotations);
