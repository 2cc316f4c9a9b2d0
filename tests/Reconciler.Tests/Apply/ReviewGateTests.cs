using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>What the apply-only-reviewed mode says of a plan by the last review that showed it.</summary>
public sealed class ReviewGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hold_PlanLastShownRed_HeldNamingThePullRequest_ShownGreenAgain_Applied()
    {
        var plans = new ReviewedPlans(null);
        Assert.Equal("its plan was never shown on a pull request", ReviewGate.Hold(plans, "sha256:aa"));

        await plans.RecordAsync("sha256:aa", 2, "0123456789abcdef", passed: false, Ct);
        Assert.Equal("pull request #2's plan check for this plan failed (head 0123456)", ReviewGate.Hold(plans, "sha256:aa"));

        await plans.RecordAsync("sha256:aa", 3, "fedcba9876543210", passed: true, Ct);
        Assert.Null(ReviewGate.Hold(plans, "sha256:aa"));
    }
}
