using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The explicit override of the destructive-change guard: a commit trailer <c>GitGateway-Allow-Destructive: &lt;reason&gt;</c>
/// on the head commit (for a merge commit, also on the tip it merges). The reason is required: an empty value is
/// no override. It also lets a head whose routing tests fail be applied.
/// </summary>
internal static class DestructiveOverride
{
    public const string Trailer = "GitGateway-Allow-Destructive";
    private const int MaxReason = 200;

    /// <summary>The override's reason on <paramref name="commit"/> (or the tips a merge commit merges), or null.</summary>
    public static async Task<string?> FindAsync(Func<string, CancellationToken, Task<CommitTrailer>> read, string commit, CancellationToken cancellationToken)
    {
        var head = await read(commit, cancellationToken);
        if (Reason(head.Values) is { } reason)
        {
            return reason;
        }

        foreach (var merged in head.Parents.Skip(1))
        {
            if (Reason((await read(merged, cancellationToken)).Values) is { } mergedReason)
            {
                return mergedReason;
            }
        }

        return null;
    }

    // The reason lands in comments, checks and logs: no control or bidi characters, bounded.
    public static string? Reason(IEnumerable<string> values) => values.Select(v => BoundedText.Clean(v, MaxReason)).FirstOrDefault(v => v.Length > 0);
}
