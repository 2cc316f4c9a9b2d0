using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>A pull request that changes the repository's settings is reviewed as a change, not as "no change to traffic".</summary>
public sealed class ConfigChangeReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PullRequest_DeletesTheFreezeWindows_CommentShowsTheRemovedWindow()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        repo.Checkout("feature", create: true);
        var settings = File.ReadAllText(Path.Combine(repo.Work, "gitgateway.yaml"));
        repo.Write("gitgateway.yaml", settings[..settings.IndexOf("  freezeWindows:", StringComparison.Ordinal)]);
        var head = repo.Commit("no more weekend freeze");
        cp.GitHub.OpenPullRequest(1, "feature", head, "main", seed);

        await cp.PullRequestAsync("opened", 1, head);
        await Eventually.HoldsAsync(() => cp.GitHub.Comments.TryGetValue(1, out var c) && c.Count == 1, "the plan comment");
        var comment = cp.GitHub.Comments[1].Single().Body;

        Assert.Contains("freeze window removed: weekend freeze (0 0 18 ? * FRI, 64h)", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("No change to traffic", comment, StringComparison.Ordinal);
    }
}
