namespace GitGateway.Reconciler.Git;

/// <summary>The reconciler's view of a repository: fetch, resolve revisions, find merge bases, read a commit's files.</summary>
internal interface ICommitSource
{
    Task FetchAsync(CancellationToken cancellationToken);

    /// <summary>The commit a revision (branch, sha) names, or null when it does not exist.</summary>
    Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken);

    Task<string?> MergeBaseAsync(string a, string b, CancellationToken cancellationToken);

    /// <summary>
    /// The tree of <paramref name="head"/> merged into <paramref name="baseCommit"/> (what the pull request's merge
    /// would hold), computed here rather than trusted from the code host; null when the merge conflicts.
    /// </summary>
    Task<string?> MergeTreeAsync(string baseCommit, string head, CancellationToken cancellationToken);

    /// <summary>
    /// How old each object of <paramref name="commit"/> is, from its history; null when it cannot be read. A blob of
    /// <paramref name="files"/> (files already read, with their blob ids) is taken from there, not read again.
    /// </summary>
    Task<GitGateway.Renderer.Rendering.ObjectAges?> AgesAsync(string commit, IReadOnlyList<GitGateway.Renderer.Rendering.SourceFile> files, CancellationToken cancellationToken);

    /// <summary>The manifests of a commit, or of a tree (a merge result).</summary>
    Task<CommitFiles> ReadAsync(string commit, CancellationToken cancellationToken);

    /// <summary>The commit's parents and the values of its trailer <paramref name="key"/>.</summary>
    Task<CommitTrailer> ReadTrailerAsync(string commit, string key, CancellationToken cancellationToken);
}
