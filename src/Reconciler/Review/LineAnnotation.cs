namespace GitGateway.Reconciler.Review;

/// <summary>A finding at a file line that a check shows next to the code (level: notice, warning or failure).</summary>
internal sealed record LineAnnotation(string File, int Line, string Level, string Title, string Message);
