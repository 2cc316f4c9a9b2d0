using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The apply-only-reviewed mode (<c>requireReviewedPlans: true</c>): a target-branch head is applied only when its
/// plan is one a pull request's comment showed, as what merging would apply, with a passing <c>gitgateway/plan</c>
/// check. A direct push, or a merge whose last review was red, is held: not applied, retried on every trigger (a
/// review still running when the merge arrived lets it through once it records the plan green).
/// </summary>
internal static class ReviewGate
{
    /// <summary>Why the plan with <paramref name="hash"/> may not be applied, or null when it may.</summary>
    public static string? Hold(ReviewedPlans plans, string hash) => plans.Find(hash) switch
    {
        null => "its plan was never shown on a pull request",
        { Passed: false } shown => $"pull request #{shown.PullRequest}'s plan check for this plan failed (head {ShortId.Commit(shown.Head, 7)})",
        _ => null,
    };

    public static CheckReport Check(string commit, string why, PlanRevision? serving) => new(
        ApplyCheckText.Name,
        commit,
        CheckOutcome.Failure,
        "not applied: " + why,
        (serving is null ? "Nothing was applied: no plan has been applied yet. " : $"Nothing was applied: the nodes keep serving revision {serving.Number} (commit `{ShortId.Commit(serving.Commit, 7)}`). ")
        + "This repository applies only plans shown green on a pull request (`requireReviewedPlans: true`): open a pull request "
        + "with this change and merge it once its `gitgateway/plan` check passes. The commit is looked at again on every trigger.",
        null,
        []);

}
