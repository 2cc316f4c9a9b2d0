using System.Text.Json.Nodes;
using GitGateway.Reconciler.Tests.Cli;
using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Hostile;

/// <summary>Hostile two-commit repositories (examples/repo-layout, then the change) driven through <c>gitgateway plan</c>.</summary>
public sealed class PlanHostileTests
{
    [Fact]
    public async Task Plan_TeamClaimsAndRoutesAnotherTeamsHostname_ExitsOneNamingBothTeamsAndClaimChangeFirst()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, HostileChanges.StealStoreHostname(Cli.Cli.Example));
        repo.Commit("search: also serve store.example.com/steal");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");
        var (_, json, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main", "--output", "json");

        Assert.Equal(1, exit);
        Assert.Contains("### ❌ Plan is invalid", output, StringComparison.Ordinal);
        Assert.Contains("ClaimConflict", output, StringComparison.Ordinal);
        // The newcomer's claim carries the error, not the team that held the hostname on the base (store).
        Assert.Contains("| `teams/search/team.yaml:11` | `ClaimConflict` | team search claims \\*.example.com (teams/search/team.yaml:11), which overlaps store.example.com claimed by team store (teams/store/team.yaml:11) before this change", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| `teams/store/", output, StringComparison.Ordinal);
        Assert.Contains("| `teams/search/routes/steal.yaml:6` | `HostnameNotOwned` | HTTPRoute/search/steal claims store.example.com, but team store claims store.example.com (teams/store/team.yaml:11)", output, StringComparison.Ordinal);
        var claims = output.IndexOf("**Claim changes — need platform review**", StringComparison.Ordinal);
        Assert.InRange(claims, 0, output.IndexOf("**Diagnostics**", StringComparison.Ordinal));
        Assert.Contains("- `teams/search/team.yaml`: team search: hostnames added: \\*.example.com", output, StringComparison.Ordinal);
        var doc = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("claimChanges", doc.First().Key);
        Assert.Equal("teams/search/team.yaml", (string?)doc["claimChanges"]![0]!["file"]);
    }

    [Fact]
    public async Task Plan_TeamCopiesAnotherTeamsExactHostname_ErrorAtTheCopierAndOnlyItsFolderIsKept()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, HostileChanges.CopyStoreHostname(Cli.Cli.Example));
        repo.Commit("search: also claim store.example.com");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");
        var (_, json, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main", "--output", "json");

        Assert.Equal(1, exit);
        Assert.Contains("| `teams/search/team.yaml:11` | `ClaimConflict` | team search claims store.example.com (teams/search/team.yaml:11), which overlaps store.example.com claimed by team store (teams/store/team.yaml:11) before this change", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| `teams/store/", output, StringComparison.Ordinal);
        Assert.Contains("if merged, search would keep the files of main\\~1 and the rest would be applied", output, StringComparison.Ordinal);
        var doc = JsonNode.Parse(json)!;
        Assert.Equal(["search"], doc["summary"]!["keptTeams"]!.AsArray().Select(t => (string?)t));
        Assert.All(doc["diagnostics"]!.AsArray(), d => Assert.StartsWith("teams/search/", (string?)d!["file"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_ValidClaimChange_ExitsZeroAndListsItBeforeTraffic()
    {
        using var repo = Seeded();
        var team = Path.Combine(repo.Path, HostileChanges.SearchTeam);
        File.WriteAllText(team, File.ReadAllText(team).Replace("\"*.search.example.com\"]", "\"*.search.example.com\", find.example.com]", StringComparison.Ordinal));
        repo.Commit("search: claim find.example.com");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(0, exit);
        Assert.Contains("claim changes: 1", output, StringComparison.Ordinal);
        Assert.Contains("- `teams/search/team.yaml`: team search: hostnames added: find.example.com", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WholeTeamRemoved_DestructiveExitsOneUntilTheTrailerAllowsIt()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, HostileChanges.RemoveSearchTeam(Cli.Cli.Example));
        repo.Commit("remove search");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");
        repo.Git("commit", "-q", "--amend", "-m", "remove search\n\nGitGateway-Allow-Destructive:   ");
        var (emptyReasonExit, _, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");
        repo.Git("commit", "-q", "--amend", "-m", "remove search\n\nGitGateway-Allow-Destructive: search moved to its own repository");
        var (allowedExit, allowed, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("### ⛔ Destructive change", output, StringComparison.Ordinal);
        Assert.Contains("- team search is removed (teams/search/): os.search.example.com, search.example.com stop being served", output, StringComparison.Ordinal);
        Assert.Contains("_Not applied on merge unless the head commit carries the trailer `GitGateway-Allow-Destructive: <reason>`._", output, StringComparison.Ordinal);
        Assert.Equal(1, emptyReasonExit);
        Assert.Equal(0, allowedExit);
        Assert.Contains("### ⚠️ Destructive change, allowed by the head commit", allowed, StringComparison.Ordinal);
        Assert.Contains("`GitGateway-Allow-Destructive: search moved to its own repository`", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_EveryTeamDeleted_ZeroRoutesIsDestructive()
    {
        using var repo = Seeded();
        Directory.Delete(Path.Combine(repo.Path, "teams"), recursive: true);
        repo.Commit("delete every team");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("- the head renders no route: all ", output, StringComparison.Ordinal);
        Assert.Contains("team store is removed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RoutingTestFailsOnHead_ExitsOneWithFailedTestFirst()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, HostileChanges.BreakCanaryTest(Cli.Cli.Example));
        repo.Commit("store: 50/50 without updating the test");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("### ❌ Routing tests fail (1 of ", output, StringComparison.Ordinal);
        var failed = output.IndexOf("- ❌ `teams/store/tests/routing.yaml:11` the API canary splits 90/10 — expected backends store/store-api-v1:8080 (weight 90)", StringComparison.Ordinal);
        Assert.InRange(failed, 0, output.IndexOf("**Traffic changes**", StringComparison.Ordinal));
        Assert.Contains("got forwarded to store/store-api-v1:8080 (weight 50), store/store-api-v2:8080 (weight 50)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RefusedTeamsHeadFailsATestItsKeptFolderPasses_TestShownPassingOnWhatMergingApplies()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, [.. HostileChanges.BreakCanaryTest(Cli.Cli.Example), BrokenStoreRoute]);
        repo.Commit("store: 50/50, and a route with a misspelt field");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");
        var (_, json, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main", "--output", "json");

        // The head's render serves 50/50 and fails the 90/10 test; merging keeps store's folder, which serves 90/10.
        Assert.Equal(1, exit);
        Assert.Contains("### ❌ Plan is invalid (2 errors; if merged, store would keep the files of main\\~1 and the rest would be applied)", output, StringComparison.Ordinal);
        Assert.Contains("_Run on what merging would apply: the head with the folders of `store` (tests included) as on `main~1`", output, StringComparison.Ordinal);
        Assert.DoesNotContain("- ❌ `teams/store/tests/routing.yaml:11`", output, StringComparison.Ordinal);
        Assert.Contains("| ❌ | `teams/store/routes/broken.yaml:5` |", output, StringComparison.Ordinal);
        Assert.Contains("**No change to traffic.**", output, StringComparison.Ordinal);
        var doc = JsonNode.Parse(json)!;
        Assert.Equal(0, (int)doc["summary"]!["testsFailed"]!);
        Assert.True((bool)doc["tests"]!.AsArray().Single(t => (string?)t!["name"] == "the API canary splits 90/10")!["passed"]!);
    }

    [Fact]
    public async Task Plan_RefusedTeamsHeadPassesATestItsKeptFolderFails_TestShownFailingAndNothingApplied()
    {
        using var repo = Seeded();
        HostileChanges.ApplyTo(repo.Path, [.. HostileChanges.BreakCanaryTest(Cli.Cli.Example), BrokenStoreRoute, ("teams/search/tests/store-canary.yaml", """
            apiVersion: gitgateway.dev/v1alpha1
            kind: RoutingTest
            metadata: {name: store-canary}
            spec:
              cases:
              - name: search expects the store canary at 50/50
                request: {host: store.example.com, path: /api/cart}
                expect:
                  backends: {store/store-api-v1:8080: 50, store/store-api-v2:8080: 50}
            """)]);
        repo.Commit("store: 50/50 with a broken route; search counts on 50/50");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        // On the head's render search's test passes; on what merging applies (store kept at 90/10) it fails, and the
        // control plane's apply guard would hold the whole commit.
        Assert.Equal(1, exit);
        Assert.Contains("if merged, store would keep the files of main\\~1, and what that applies fails 1 of ", output, StringComparison.Ordinal);
        Assert.Contains("nothing would be applied without the `GitGateway-Allow-Destructive` trailer", output, StringComparison.Ordinal);
        Assert.Contains("- ❌ `teams/search/tests/store-canary.yaml:6` search expects the store canary at 50/50 — expected backends", output, StringComparison.Ordinal);
    }

    private static (string Path, string? Content) BrokenStoreRoute => ("teams/store/routes/broken.yaml", """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: broken, namespace: store}
        spec:
          hostname: [store.example.com]
          parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
          rules:
          - backendRefs: [{name: store-web, port: 8080}]
        """);

    [Fact]
    public async Task Plan_TeamOverItsRouteCap_ExitsOneWithOneLimitErrorInTheTeamsFolder()
    {
        using var repo = Seeded(HostileChanges.TightLimits);
        HostileChanges.ApplyTo(repo.Path, HostileChanges.SearchAddsRoutes(3));
        repo.Commit("search: three more routes");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("### ❌ Plan is invalid", output, StringComparison.Ordinal);
        Assert.Contains("| `teams/search/routes/x-more-02.yaml:1` | `LimitExceeded` | team search (teams/search/) has 5 routes, over its limit of 4 "
            + "(spec.limits.team.routes in gitgateway.yaml)", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains("`LimitExceeded`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_RepositoryOverItsFileCap_SaysTheHeadWasNotRenderedWithTheErrorInGitgatewayYaml()
    {
        using var repo = Seeded(HostileChanges.TightLimits);
        HostileChanges.ApplyTo(repo.Path, HostileChanges.SearchAddsRoutes(5));
        repo.Commit("search: five more route files");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("### ❌ Head not rendered: over the repository's limits (1 error; nothing would be applied) — no diff", output, StringComparison.Ordinal);
        Assert.Contains("**The head was not rendered.**", output, StringComparison.Ordinal);
        Assert.Contains("| `gitgateway.yaml:16` | `LimitExceeded` | the repository has 36 manifest files, over its limit of 35 "
            + "(spec.limits.repository.files in gitgateway.yaml); the first over it is ", output, StringComparison.Ordinal);

        // Only gitgateway.yaml of the head was read: its teams are not there, and must not read as removed.
        Assert.DoesNotContain("removed (it claimed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Destructive change", output, StringComparison.Ordinal);
        Assert.DoesNotContain("No change to traffic", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RepositoryOverItsFileCap_JsonSaysTheHeadWasNotRendered()
    {
        using var repo = Seeded(HostileChanges.TightLimits);
        HostileChanges.ApplyTo(repo.Path, HostileChanges.SearchAddsRoutes(5));
        repo.Commit("search: five more route files");

        var (exit, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main", "--output", "json");

        var json = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        Assert.Equal(1, exit);
        Assert.False((bool)json["head"]!["rendered"]!);
        Assert.False((bool)json["summary"]!["headRendered"]!);
        Assert.False((bool)json["summary"]!["destructive"]!);
        Assert.Equal(0, (int)json["summary"]!["claimChanges"]!);
        Assert.Equal(0, (int)json["summary"]!["routesRemoved"]!);
        Assert.Empty(json["changes"]!.AsArray());
        Assert.Equal("LimitExceeded", (string?)Assert.Single(json["diagnostics"]!.AsArray())!["code"]);
    }

    private static TempGitRepository Seeded(string? limits = null)
    {
        var repo = TempGitRepository.Create();
        repo.CopyFrom(Cli.Cli.Example);
        if (limits is not null)
        {
            HostileChanges.ApplyTo(repo.Path, HostileChanges.Limits(Cli.Cli.Example, limits));
        }

        repo.Commit("seed from examples/repo-layout");
        return repo;
    }
}
