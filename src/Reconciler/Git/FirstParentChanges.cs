namespace GitGateway.Reconciler.Git;

/// <summary>
/// The first-parent commits from <see cref="After"/> (exclusive) to <see cref="Commit"/>, oldest first, with their
/// changes (<see cref="FirstParentLog"/>), when <see cref="Commit"/>'s first-parent chain runs through
/// <see cref="After"/>: each commit's changes are against the one before it, so <see cref="After"/>'s tree with every
/// change applied in order is <see cref="Commit"/>'s tree. One log serves both the tree read
/// (<see cref="GitTreeDelta"/>) and the objects' ages (<see cref="GitObjectAges"/>).
/// </summary>
internal sealed class FirstParentChanges
{
    /// <summary>How many file changes one read keeps at most: past it the tree is listed whole and the ages walk on their own.</summary>
    internal const int MaxChanges = GitObjectAges.BatchChanges;

    private FirstParentChanges(string after, string commit, List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)> commits)
    {
        After = after;
        Commit = commit;
        Commits = commits;
    }

    /// <summary>The commit the changes start after.</summary>
    public string After { get; }

    /// <summary>The commit they end at.</summary>
    public string Commit { get; }

    /// <summary>The commits after <see cref="After"/>, oldest first, each with its first parent and its changes.</summary>
    public IReadOnlyList<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)> Commits { get; }

    /// <summary>
    /// The changes from <paramref name="after"/> to <paramref name="commit"/>; null when <paramref name="commit"/>'s
    /// first-parent chain does not run through <paramref name="after"/> within <see cref="GitObjectAges.MaxCommits"/>
    /// commits, or they change more than <see cref="MaxChanges"/> files (git is stopped as soon as that is seen).
    /// </summary>
    public static async Task<FirstParentChanges?> ReadAsync(GitRepository repository, string after, string commit, CancellationToken cancellationToken)
    {
        var commits = new List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)>();
        var previous = after;
        var changes = 0;
        await foreach (var entry in FirstParentLog.StreamAsync(repository, commit, after, cancellationToken, GitObjectAges.MaxCommits).ConfigureAwait(false))
        {
            changes += entry.Changes.Count;
            if (entry.FirstParent != previous || changes > MaxChanges)
            {
                return null;
            }

            commits.Add(entry);
            previous = entry.Commit;
        }

        return previous == commit ? new FirstParentChanges(after, commit, commits) : null;
    }

    /// <summary>The entry each changed path holds at <see cref="Commit"/> (the last change to it wins), null for a path removed.</summary>
    public Dictionary<string, FirstParentLog.Change> Final()
    {
        var final = new Dictionary<string, FirstParentLog.Change>(StringComparer.Ordinal);
        foreach (var (_, _, changes) in Commits)
        {
            foreach (var change in changes)
            {
                final[change.Path] = change;
            }
        }

        return final;
    }
}
