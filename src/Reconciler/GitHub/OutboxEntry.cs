using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// One GitHub write waiting in <see cref="GitHubOutbox"/>: the sticky comment of a pull request, or a check on a
/// commit. <see cref="Key"/> names what it sets (<c>comment/7</c>, <c>check/gitgateway/plan/&lt;sha&gt;</c>): a newer write with
/// the same key replaces the waiting one, since only the latest text of a comment or check matters.
/// </summary>
internal sealed record OutboxEntry(string Key, int? PullRequest, string? CommentBody, CheckReport? Check)
{
    public static OutboxEntry Comment(int pullRequest, string body) => new($"comment/{pullRequest}", pullRequest, body, null);

    public static OutboxEntry ForCheck(CheckReport check) => new($"check/{check.Name}/{check.Sha}", null, null, check);
}
