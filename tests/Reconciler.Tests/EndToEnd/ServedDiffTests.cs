using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// A pull request's diff is against what the edge serves when the base is what is applied (a team refused there
/// serves older files) or when the base's tip is held (merging applies the held changes too), so the comment's
/// routes and its destructive-change verdict are the apply's; a base ahead only while an ordinary apply runs is
/// diffed as before, and a merge edits another open pull request's comment at most once.
/// </summary>
public sealed class ServedDiffTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string SecondRoute = TeamIsolationTests.SearchRoute
        .Replace("search-e2e", "search-e2e2", StringComparison.Ordinal).Replace("/e2e-search", "/e2e-search-2", StringComparison.Ordinal);

    [Fact]
    public async Task Review_BasePaused_DiffIncludesTheHeldCommitAndSaysWhy()
    {
        using var repo = GitTestRepo.Create();
        await using var cp = await SeededAsync(repo);
        var seed = repo.Head();
        await cp.Runtime.Apply.Pause.PauseAsync("incident 42", cp.GitHub.Clock.GetUtcNow(), Ct);
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var held = repo.Commit("search adds /e2e-search while applies are paused");
        await cp.PushAsync("main", held);
        await Eventually.HoldsAsync(() => cp.Runtime.Apply.State.PendingCommit == held, "the push is held by the pause");

        var comment = await ReviewAsync(cp, repo, 1, () => repo.Write("teams/search/routes/search-e2e2.yaml", SecondRoute));

        // The held commit's route and the pull request's: merging applies both.
        Assert.Contains("routes: 2 added, 0 changed, 0 removed", comment, StringComparison.Ordinal);
        Assert.Contains(
            $"`main`'s tip `{held[..7]}` is not applied yet (applies are paused: incident 42): this diff is against what the edge serves (`{seed[..7]}`)",
            comment,
            StringComparison.Ordinal);
        Assert.Equal(held, cp.Runtime.Review!.Reviewed[1].Held);
    }

    [Fact]
    public async Task Review_OrdinaryMergeWithAnotherPullRequestOpen_CommentEditedAtMostOnceAndNotSaidHeld()
    {
        using var repo = GitTestRepo.Create();
        await using var cp = await SeededAsync(repo);
        var comment = await ReviewAsync(cp, repo, 1, () => repo.Write("teams/search/routes/search-e2e2.yaml", SecondRoute));
        var edits = cp.GitHub.Comments[1].Single().Edits;

        repo.Checkout("main");
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var merged = repo.Commit("search adds /e2e-search");
        await cp.PushAsync("main", merged);
        await NodeFaultTests.ApplyCheckAsync(cp, merged);
        await Eventually.HoldsAsync(
            () => cp.Runtime.Review!.Reviewed.GetValueOrDefault(1) is { } seen && seen.Base == merged && seen.Applied == merged,
            "pull request 1 re-planned against the applied merge");

        var after = cp.GitHub.Comments[1].Single();
        Assert.Contains("routes: 1 added, 0 changed, 0 removed", comment, StringComparison.Ordinal);
        Assert.InRange(after.Edits - edits, 0, 1);
        Assert.Contains("routes: 1 added, 0 changed, 0 removed", after.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("is not applied yet", after.Body, StringComparison.Ordinal);
        Assert.Null(cp.Runtime.Review!.Reviewed[1].Held);
    }

    [Fact]
    public async Task Review_BaseHasTeamRefused_DestructiveCountedAgainstTheServedPlan_AsTheApplyRefuses()
    {
        using var repo = GitTestRepo.Create();
        await using var cp = await SeededAsync(repo);

        // Every store route breaks on main: the edge keeps serving store's folder of the seed, main's render has none of it.
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Work, "teams/store/routes")))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("rules:", "rules: [", StringComparison.Ordinal));
        }

        var broken = repo.Commit("store breaks every route");
        await cp.PushAsync("main", broken);
        Assert.StartsWith("team store refused", (await NodeFaultTests.ApplyCheckAsync(cp, broken)).Title, StringComparison.Ordinal);

        // Store drops its routes (and what refers to them): against main's render nothing store served goes away,
        // against what the edge serves store loses every route; the apply's guard counts against the latter.
        var comment = await ReviewAsync(cp, repo, 1, () =>
        {
            foreach (var folder in new[] { "routes", "policies", "tests" })
            {
                Directory.Delete(Path.Combine(repo.Work, "teams/store", folder), recursive: true);
            }
        });
        Assert.Contains("⛔ Destructive change", comment, StringComparison.Ordinal);
        Assert.Contains("team store loses every route", comment, StringComparison.Ordinal);

        repo.Checkout("main");
        var merged = repo.Merge("feature1");
        await cp.PushAsync("main", merged);
        var apply = await NodeFaultTests.ApplyCheckAsync(cp, merged);
        Assert.StartsWith("not applied: destructive change", apply.Title, StringComparison.Ordinal);
        Assert.Contains("team store loses every route", apply.Summary, StringComparison.Ordinal);
    }

    /// <summary>A control plane with no node whose main is the example repository, applied.</summary>
    private static async Task<ControlPlaneFixture> SeededAsync(GitTestRepo repo)
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        try
        {
            await cp.PushAsync("main", seed);
            Assert.Equal(seed, (await NodeFaultTests.ApplyCheckAsync(cp, seed)).HeadSha);
            return cp;
        }
        catch
        {
            await cp.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens pull request <paramref name="number"/> from main with <paramref name="change"/>; returns its comment once its plan check is set.</summary>
    private static async Task<string> ReviewAsync(ControlPlaneFixture cp, GitTestRepo repo, int number, Action change)
    {
        var baseSha = repo.Head();
        repo.Checkout($"feature{number}", create: true);
        change();
        var head = repo.Commit($"pull request {number}");
        cp.GitHub.OpenPullRequest(number, $"feature{number}", head, "main", baseSha);
        await cp.PullRequestAsync("opened", number, head);
        await Eventually.HoldsAsync(
            () => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == "gitgateway/plan" && r.HeadSha == head && r.Conclusion is not null), $"the plan check of #{number}");
        return cp.GitHub.Comments[number].Single().Body;
    }
}
