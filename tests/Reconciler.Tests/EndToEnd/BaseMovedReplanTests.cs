using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// What is reviewed is what merging would apply: when the base branch moves, an open pull request is planned again
/// as merged into the new tip; its comment is edited in place (and the check set again) only when that result differs.
/// </summary>
public sealed class BaseMovedReplanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BaseMoves_MergedResultChanges_CommentEditedInPlaceSaysWhyAndCheckFails_UnrelatedMoveEditsNothing()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        await cp.PushAsync("main", seed);
        repo.Checkout("feature", create: true);
        repo.Write("teams/store/routes/store-e2e.yaml", GitOpsLoopTests.NewRoute);
        var head = repo.Commit("add /e2e");
        cp.GitHub.OpenPullRequest(1, "feature", head, "main", seed);
        await cp.PullRequestAsync("opened", 1, head);
        await Eventually.HoldsAsync(() => PlanCheck(cp, head)?.Conclusion == "success", "the pull request's plan passes against main as it was");
        var planned = cp.GitHub.Comments[1].Single().Body;

        // Meanwhile main gets a route of the same name in another file: merged, the pull request's route is a duplicate.
        repo.Checkout("main");
        repo.Write("teams/store/routes/e2e-from-main.yaml", GitOpsLoopTests.NewRoute.Replace("/e2e", "/e2e-main", StringComparison.Ordinal));
        var moved = repo.Commit("main claims the route name store/store-e2e first");
        await cp.PushAsync("main", moved);
        await Eventually.HoldsAsync(() => PlanCheck(cp, head)?.Conclusion == "failure", "the plan check turns red after main moved");
        var comment = cp.GitHub.Comments[1].Single();

        Assert.Contains("✅ Plan is valid", planned, StringComparison.Ordinal);
        Assert.Contains($"Re-planned because main moved to {moved}", comment.Body, StringComparison.Ordinal);
        Assert.Contains("❌ Plan is invalid", comment.Body, StringComparison.Ordinal);
        Assert.Contains("DuplicateObject", comment.Body, StringComparison.Ordinal);
        Assert.Contains($"Re-planned because main moved to {moved}", PlanCheck(cp, head)!.Summary, StringComparison.Ordinal);

        // A move that does not change what merging would do (a file GitGateway does not read) edits nothing.
        var edits = comment.Edits;
        var checks = cp.GitHub.CheckRuns.Count(r => r.HeadSha == head);
        repo.Write("NOTES.md", "nothing routing reads\n");
        var unrelated = repo.Commit("notes");
        await cp.PushAsync("main", unrelated);
        await Eventually.HoldsAsync(() => cp.Runtime.Review!.Reviewed.GetValueOrDefault(1)?.Base == unrelated, "re-planned against the unrelated move");

        Assert.Equal(edits, cp.GitHub.Comments[1].Single().Edits);
        Assert.Equal(checks, cp.GitHub.CheckRuns.Count(r => r.HeadSha == head));
        Assert.Equal("failure", PlanCheck(cp, head)!.Conclusion);
    }

    private static GitHub.EmulatedCheckRun? PlanCheck(ControlPlaneFixture cp, string sha) =>
        cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == "gitgateway/plan" && r.HeadSha == sha && r.Conclusion is not null);
}
