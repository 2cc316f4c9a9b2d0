namespace GitGateway.Reconciler.Git;

/// <summary>A commit's parents and the values one of its trailers has (empty when it has none).</summary>
public sealed record CommitTrailer(IReadOnlyList<string> Parents, IReadOnlyList<string> Values);
