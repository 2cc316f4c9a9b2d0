using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The apply check of a target-branch commit that a newer one overtook before it was applied (two merges close
/// together): it ends neutral and names the commit applied instead, so no pushed commit is left without a check.
/// </summary>
internal static class SupersededCheck
{
    public static CheckReport For(string commit, string by) => new(
        ApplyCheckText.Name,
        commit,
        CheckOutcome.Neutral,
        $"superseded by {ShortId.Commit(by)}",
        $"The target branch moved on to `{by}` before this commit was applied; `{by}` was applied instead and its own check says how that went.",
        null,
        []);

}
