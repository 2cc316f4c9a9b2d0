using System.Text;
using System.Text.RegularExpressions;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The full review of each pull-request head (every traffic change, test, diagnostic and the whole plan diff, uncut),
/// kept as <c>diffs/&lt;sha&gt;.md</c> in the repository's state folder so the control plane can serve what a comment
/// had to leave out. Only the newest <see cref="Keep"/> are kept.
/// </summary>
internal sealed partial class PlanDiffStore(string directory)
{
    public const int Keep = 500;

    public async Task SaveAsync(string sha, string text, CancellationToken cancellationToken)
    {
        if (!IsSha(sha))
        {
            return;
        }

        await AtomicFile.WriteAsync(PathOf(sha), Encoding.UTF8.GetBytes(text), cancellationToken);
        foreach (var old in new DirectoryInfo(directory).EnumerateFiles("*.md").OrderByDescending(f => f.LastWriteTimeUtc).Skip(Keep))
        {
            old.Delete();
        }
    }

    /// <summary>Whether a review of <paramref name="sha"/> is saved (false for anything not a commit id).</summary>
    public bool Has(string sha) => IsSha(sha) && File.Exists(PathOf(sha));

    /// <summary>The saved review of <paramref name="sha"/>, or null (unknown, or not a commit id at all).</summary>
    public async Task<string?> ReadAsync(string sha, CancellationToken cancellationToken)
    {
        if (!IsSha(sha) || !File.Exists(PathOf(sha)))
        {
            return null;
        }

        return await File.ReadAllTextAsync(PathOf(sha), cancellationToken);
    }

    /// <summary>A full commit id (SHA-1 or SHA-256 in lower-case hex): the only names this store reads or writes.</summary>
    public static bool IsSha(string sha) => CommitId().IsMatch(sha);

    private string PathOf(string sha) => Path.Combine(directory, sha + ".md");

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})\\z")]
    private static partial Regex CommitId();
}
