using GitGateway.Fixtures;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// The cluster's objects of a commit applied with a team kept render with the commit's own object ages: two routes of
/// one team for the same hostname and path tie-break as Gateway API says, the older first, not by name.
/// </summary>
public sealed class KeptTeamObjectsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RenderAsync_TwoRoutesForOnePathAndATeamKept_OlderRouteServesNotTheFirstByName()
    {
        using var repo = GitTestRepo.Create();
        EndToEnd.ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        repo.Write("teams/search/routes/zz-older.yaml", TieRoute("zz-older"));
        repo.Commit("search's first route for /tie");
        repo.Write("teams/search/routes/aa-newer.yaml", TieRoute("aa-newer"));
        var good = repo.Commit("search's second route for /tie, older by name only");
        var payments = Path.Combine(repo.Work, "teams/payments/routes/payments-api.yaml");
        repo.Write("teams/payments/routes/payments-api.yaml", File.ReadAllText(payments).Replace("rules:", "rules: [", StringComparison.Ordinal));
        var head = repo.Commit("payments breaks its route");
        var mirror = new GitMirror(repo.Bare, Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Token);
        var (_, input) = await ReviewService.ReadCommitAsync(mirror, head, "main", Token);

        var isolated = await KeptTeamObjects.RenderAsync(mirror, input, new Dictionary<string, string> { ["teams/payments/"] = good }, Token);

        Assert.NotNull(isolated);
        var tie = isolated.Value.Result.Plan.Listeners.SelectMany(l => l.VirtualHosts).Where(h => h.Hostname == "search.example.com")
            .SelectMany(h => h.Routes).Where(r => r.Match.Path.Value == "/tie").ToList();
        Assert.Equal(["zz-older", "aa-newer"], tie.Select(r => r.Route.Name));
        var byName = await KeptTeamObjects.RenderAsync(mirror, input with { Ages = null }, new Dictionary<string, string> { ["teams/payments/"] = good }, Token);
        Assert.Equal("aa-newer", byName!.Value.Result.Plan.Listeners.SelectMany(l => l.VirtualHosts).SelectMany(h => h.Routes).First(r => r.Match.Path.Value == "/tie").Route.Name);
    }

    private static string TieRoute(string name) =>
        EndToEnd.TeamIsolationTests.SearchRoute.Replace("search-e2e", name, StringComparison.Ordinal).Replace("/e2e-search", "/tie", StringComparison.Ordinal);
}
