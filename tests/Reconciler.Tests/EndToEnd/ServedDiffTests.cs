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
        var settings = File.ReadAllText(Path.Combine(repo.Work, "gitgateway.yaml"));
        repo.Write("gitgateway.yaml", settings[..settings.IndexOf("  freezeWindows:", StringComparison.Ordinal)]);
        var held = repo.Commit("search adds /e2e-search and the weekend freeze goes, while applies are paused");
        await cp.PushAsync("main", held);
        await Eventually.HoldsAsync(() => cp.Runtime.Apply.State.PendingCommit == held, "the push is held by the pause");

        var comment = await ReviewAsync(cp, repo, 1, () => repo.Write("teams/search/routes/search-e2e2.yaml", SecondRoute));

        // The held commit's route and the pull request's: merging applies both, and the held commit's settings too.
        Assert.Contains("routes: 2 added, 0 changed, 0 removed", comment, StringComparison.Ordinal);
        Assert.Contains("freeze window removed: weekend freeze (0 0 18 ? * FRI, 64h)", comment, StringComparison.Ordinal);
        Assert.Contains(
            $"`main`'s tip `{held[..7]}` is not applied yet (applies are paused: incident 42): this diff is against what the edge serves (`{seed[..7]}`)",
            comment,
            StringComparison.Ordinal);
        Assert.Equal(held, cp.Runtime.Review!.Reviewed[1].Held);

        // The plan check says what the comment says: its title that the diff is against what is served, its summary why.
        var check = cp.GitHub.CheckRuns.ToArray().Last(r => r.Name == "gitgateway/plan" && r.Conclusion is not null);
        Assert.StartsWith($"⏸️ against what the edge serves ({seed[..7]}): main's tip {held[..7]} is not applied yet · ", check.Title, StringComparison.Ordinal);
        Assert.Contains($"`main`'s tip `{held[..7]}` is not applied yet (applies are paused: incident 42)", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_TipHeldByAFreeze_StatusAndTheCliNameTheTipAndTheWindow()
    {
        using var repo = GitTestRepo.Create();
        var clock = (Apply.OffsetTimeProvider)ControlPlaneFixture.WeekdayNoon();
        await using var cp = await SeededAsync(repo, clock);
        using (var before = await cp.StatusAsync())
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, before.RootElement.GetProperty("held").ValueKind);
        }

        clock.Advance(TimeSpan.FromDays(3));
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var held = repo.Commit("search adds /e2e-search during the weekend freeze");
        await cp.PushAsync("main", held);
        await Eventually.HoldsAsync(() => cp.Runtime.Apply.State.PendingCommit == held, "the push is held by the freeze");

        using var status = await cp.StatusAsync();
        var line = status.RootElement.GetProperty("held");
        Assert.Equal(held, line.GetProperty("commit").GetString());
        Assert.Equal("a freeze window is open: weekend freeze until 2026-11-23 10:00 UTC", line.GetProperty("reason").GetString());
        var table = GitGateway.Reconciler.Cli.StatusView.Select(status.RootElement, null)!.Table();
        Assert.Contains($"held: main's tip {held[..12]} is not applied (a freeze window is open: weekend freeze until 2026-11-23 10:00 UTC)", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_BaseFrozen_HeldLineNamesTheWindowAndWhenItCloses()
    {
        using var repo = GitTestRepo.Create();
        var clock = (Apply.OffsetTimeProvider)ControlPlaneFixture.WeekdayNoon();
        await using var cp = await SeededAsync(repo, clock);

        // Wednesday noon to Saturday noon: the example's weekend freeze (Friday 18:00 UTC for 64 hours) is open.
        clock.Advance(TimeSpan.FromDays(3));
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var held = repo.Commit("search adds /e2e-search during the weekend freeze");
        await cp.PushAsync("main", held);
        await Eventually.HoldsAsync(() => cp.Runtime.Apply.State.PendingCommit == held, "the push is held by the freeze");

        var comment = await ReviewAsync(cp, repo, 1, () => repo.Write("teams/search/routes/search-e2e2.yaml", SecondRoute));

        Assert.Contains($"`main`'s tip `{held[..7]}` is not applied yet (a freeze window is open: weekend freeze until 2026-11-23 10:00 UTC)", comment, StringComparison.Ordinal);
        Assert.Equal((held, "weekend freeze"), (cp.Runtime.Apply.State.Frozen!.Commit, cp.Runtime.Apply.State.Frozen.Window));
    }

    [Fact]
    public async Task Review_BaseHasAHostnameClaimRefused_ClaimChangesAgainstTheClaimsInForce()
    {
        using var repo = GitTestRepo.Create();
        await using var cp = await SeededAsync(repo);

        // Search claims a name under store's wildcard: the newcomer is refused, the edge serves search's team.yaml of the seed.
        Replace(repo, "teams/search/team.yaml", "\"*.search.example.com\"]", "\"*.search.example.com\", \"search.store.example.com\"]");
        var claimed = repo.Commit("search claims search.store.example.com");
        await cp.PushAsync("main", claimed);
        Assert.StartsWith("team search refused", (await NodeFaultTests.ApplyCheckAsync(cp, claimed)).Title, StringComparison.Ordinal);

        // Store narrows its wildcard: merged, search's claim no longer overlaps and is applied for the first time.
        var comment = await ReviewAsync(cp, repo, 1, () => Replace(repo, "teams/store/team.yaml", "\"*.store.example.com\"", "\"api.store.example.com\""));

        Assert.Contains("team search: hostnames added: search.store.example.com", comment, StringComparison.Ordinal);
        Assert.Contains("team store: hostnames added: api.store.example.com", comment, StringComparison.Ordinal);
        Assert.Contains("team store: hostnames removed: \\*.store.example.com", comment, StringComparison.Ordinal);
        Assert.Contains("claim changes: 3", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_BaseHasATeamFileRefused_GuardCountsTheKeptTeamAsTheReviewDoes()
    {
        using var repo = GitTestRepo.Create();
        // Removing one team of three is under this share, so only the team rule can call it destructive.
        await using var cp = await SeededAsync(repo, settings: text => text.Replace("  teamsDir: teams\n", "  teamsDir: teams\n  destructiveRemovalPercent: 90\n", StringComparison.Ordinal));

        // Store's team.yaml holds two teams, so its commit's layout has no team there: the folder is refused and served
        // as the seed has it, team store included. Search adds a route, so the plan in force is a revision of this commit.
        var team = File.ReadAllText(Path.Combine(repo.Work, "teams/store/team.yaml"));
        repo.Write("teams/store/team.yaml", team + "---\n" + team.Replace("name: store\n", "name: store-two\n", StringComparison.Ordinal));
        repo.Write("teams/search/routes/search-e2e.yaml", TeamIsolationTests.SearchRoute);
        var broken = repo.Commit("store's team.yaml holds two teams; search adds /e2e-search");
        await cp.PushAsync("main", broken);
        Assert.StartsWith("team store refused", (await NodeFaultTests.ApplyCheckAsync(cp, broken)).Title, StringComparison.Ordinal);
        Assert.Equal(broken, cp.Publisher.Current!.Commit);

        // Store's folder goes: against what is applied, team store is removed (its commit's own layout has no team store).
        var comment = await ReviewAsync(cp, repo, 1, () => Directory.Delete(Path.Combine(repo.Work, "teams/store"), recursive: true));
        await AssertDestructiveAndRefusedOnMergeAsync(cp, repo, comment, "team store is removed (teams/store/)");
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
        await AssertDestructiveAndRefusedOnMergeAsync(cp, repo, comment, "team store loses every route");
    }

    /// <summary>
    /// A control plane with no node whose main is the example repository (its <c>gitgateway.yaml</c> through
    /// <paramref name="settings"/>), applied, on <paramref name="time"/> (default: a weekday noon).
    /// </summary>
    private static async Task<ControlPlaneFixture> SeededAsync(GitTestRepo repo, TimeProvider? time = null, Func<string, string>? settings = null)
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        if (settings is not null)
        {
            var changed = settings(File.ReadAllText(Path.Combine(repo.Work, "gitgateway.yaml")));
            repo.Write("gitgateway.yaml", changed);
        }

        var seed = repo.Commit("seed from examples/repo-layout");
        var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct, time);
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

    /// <summary>
    /// The comment of pull request 1 (<paramref name="comment"/>) calls it destructive for <paramref name="reason"/>,
    /// and merging it into main is refused by the apply's guard for the same reason.
    /// </summary>
    private static async Task AssertDestructiveAndRefusedOnMergeAsync(ControlPlaneFixture cp, GitTestRepo repo, string comment, string reason)
    {
        Assert.Contains("⛔ Destructive change", comment, StringComparison.Ordinal);
        Assert.Contains(reason, comment, StringComparison.Ordinal);

        repo.Checkout("main");
        var merged = repo.Merge("feature1");
        await cp.PushAsync("main", merged);
        var apply = await NodeFaultTests.ApplyCheckAsync(cp, merged);
        Assert.StartsWith("not applied: destructive change", apply.Title, StringComparison.Ordinal);
        Assert.Contains(reason, apply.Summary, StringComparison.Ordinal);
    }

    private static void Replace(GitTestRepo repo, string path, string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(repo.Work, path));
        Assert.Contains(from, text, StringComparison.Ordinal);
        repo.Write(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Opens pull request <paramref name="number"/> from main with <paramref name="change"/>; returns its comment once its plan check is set.</summary>
    internal static async Task<string> ReviewAsync(ControlPlaneFixture cp, GitTestRepo repo, int number, Action change)
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
