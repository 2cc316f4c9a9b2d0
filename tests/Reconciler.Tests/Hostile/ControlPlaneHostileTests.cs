using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Hostile;

/// <summary>
/// Hostile two-commit repositories, one or more for each point of issue 10 a repository can carry (an unknown field,
/// CR/LF on the wire, a claim on another team's hostname, a removed team, a failing routing test, a certificate name
/// that is a path, a team or the repository over its cap), through the control plane (git daemon, the GitHub
/// emulator, a real proxy node):
/// the pull request's plan check fails with the reason in the comment; merged anyway, the apply check refuses it,
/// <c>/v1/status</c> says why, and the node keeps serving the last good plan (a team over its cap is refused alone,
/// its last applied files serving; the repository over its cap is refused whole).
/// </summary>
public sealed class ControlPlaneHostileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string StoreApi = "teams/store/routes/store-api.yaml";

    private static string Example => Path.Combine(RepoPaths.Root, "examples", "repo-layout");

    public static TheoryData<string, string, string> Cases() => new()
    {
        // name, what the comment must say, what the apply check title must say
        { "steal", "team search claims \\*.example.com (teams/search/team.yaml:11), which overlaps store.example.com claimed by team store (teams/store/team.yaml:11) before this change", "team search refused (teams/search/" },
        { "copy-claim", "team search claims store.example.com (teams/search/team.yaml:11), which overlaps store.example.com claimed by team store", "team search refused (teams/search/" },
        { "remove-team", "team search is removed (teams/search/)", "not applied: destructive change (no GitGateway-Allow-Destructive trailer)" },
        { "break-test", "the API canary splits 90/10 — expected backends store/store-api-v1:8080 (weight 90)", "not applied: 1 routing test fail (no GitGateway-Allow-Destructive trailer)" },
        { "unknown-field", "spec.hostname is not a field of HTTPRoute.spec (did you mean hostnames?)", "team store refused (teams/store/" },
        { "crlf-rewrite", "teams/store/routes/store-api.yaml#L42) | `ControlCharacter` |", "team store refused (teams/store/" },
        { "certificate-path", "platform/team.yaml#L16) | `InvalidName` |", "not applied: " },
        { "team-over-cap", "team search (teams/search/) has 5 routes, over its limit of 4 (spec.limits.team.routes in gitgateway.yaml)", "team search refused (teams/search/" },
        { "repository-over-cap", "the repository has 36 manifest files, over its limit of 35 (spec.limits.repository.files in gitgateway.yaml)", "not applied: 1 error in the plan; serving revision " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MergeOfHostileChange_PlanCheckFailsApplyRefusedAndLastGoodPlanKeepsServing(string name, string commentSays, string applyTitle)
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Example, repo.Work);
        HostileChanges.ApplyTo(repo.Work, name.EndsWith("-over-cap", StringComparison.Ordinal) ? HostileChanges.Limits(Example, HostileChanges.TightLimits) : []);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed);
        Assert.Equal("success", (await CheckAsync(cp, ApplyCheckText.Name, seed)).Conclusion);
        var seedHash = cp.Publisher.Current!.PlanHash;

        // The pull request: a failing plan check, the reason in the one comment.
        repo.Checkout("hostile", create: true);
        HostileChanges.ApplyTo(repo.Work, Changes(name));
        var hostile = repo.Commit("hostile: " + name);
        cp.GitHub.OpenPullRequest(1, "hostile", hostile, "main", seed);
        await cp.PullRequestAsync("opened", 1, hostile);
        var planCheck = await CheckAsync(cp, "gitgateway/plan", hostile);
        Assert.Equal("failure", planCheck.Conclusion);
        var comment = Assert.Single(cp.GitHub.Comments[1]).Body;
        Assert.Contains(commentSays, comment, StringComparison.Ordinal);
        if (name == "repository-over-cap")
        {
            // Only gitgateway.yaml of the head was read: no diff, and no team reads as removed.
            Assert.Contains("**The head was not rendered.**", comment, StringComparison.Ordinal);
            Assert.DoesNotContain("is removed", comment, StringComparison.Ordinal);
        }

        // Merged anyway: refused, visible in the apply check and /v1/status, and the node keeps the last good plan.
        repo.Checkout("main");
        var merge = repo.Merge("hostile");
        await cp.PushAsync("main", merge);
        var applyCheck = await CheckAsync(cp, ApplyCheckText.Name, merge);
        Assert.Equal("failure", applyCheck.Conclusion);
        Assert.StartsWith(applyTitle, applyCheck.Title, StringComparison.Ordinal);
        if (name is "steal" or "copy-claim")
        {
            // The team whose hostname was copied is not refused for the copier's change.
            Assert.DoesNotContain("team store", applyCheck.Title, StringComparison.Ordinal);
        }

        Assert.Equal(seedHash, cp.Publisher.Current!.PlanHash);
        using var status = await cp.StatusAsync();
        var refused = status.RootElement.GetProperty("refused");
        if (applyTitle.StartsWith("team ", StringComparison.Ordinal))
        {
            // Only the offending team's files are refused (its last applied ones keep serving): not the commit.
            Assert.Equal(JsonValueKind.Null, refused.ValueKind);
        }
        else
        {
            Assert.Equal(merge, refused.GetProperty("commit").GetString());
            Assert.Equal(applyCheck.Title, refused.GetProperty("title").GetString());
        }

        Assert.Equal(seedHash, status.RootElement.GetProperty("planHash").GetString());
        Assert.Equal("store/store-web:8080", await node.BackendForAsync("store.example.com", "/steal"));
        Assert.Equal("search/search-api:8080", await node.BackendForAsync("search.example.com", "/search"));
    }

    [Fact]
    public async Task RemovedTeam_OverrideTrailerOnNextCommit_AppliedAndTheTeamStopsBeingServed()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Example, repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct);
        var plan = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(repo.Work).Files, "example")).Plan;
        await using var backends = await LocalEchoBackends.StartAsync([plan], Ct);
        await using var node = await ProxyTestNode.StartAsync(cp.BaseUri, "node-a", plan, backends, Path.Combine(repo.Root, "node-a"), Ct);
        await cp.PushAsync("main", seed);
        await CheckAsync(cp, ApplyCheckText.Name, seed);

        HostileChanges.ApplyTo(repo.Work, HostileChanges.RemoveSearchTeam(Example));
        var removal = repo.Commit("remove search");
        await cp.PushAsync("main", removal);
        Assert.Equal("failure", (await CheckAsync(cp, ApplyCheckText.Name, removal)).Conclusion);
        Assert.Equal("search/search-api:8080", await node.BackendForAsync("search.example.com", "/search"));

        var allowed = repo.Commit("retire search\n\nGitGateway-Allow-Destructive: search moved to its own repository");
        await cp.PushAsync("main", allowed);
        var applied = await CheckAsync(cp, ApplyCheckText.Name, allowed);

        Assert.Equal("success", applied.Conclusion);
        Assert.EndsWith("(destructive change allowed: search moved to its own repository)", applied.Title, StringComparison.Ordinal);
        Assert.Equal("status 404", await node.BackendForAsync("search.example.com", "/search"));
        using var status = await cp.StatusAsync();
        Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("refused").ValueKind);
    }

    private static IReadOnlyList<(string Path, string? Content)> Changes(string name) => name switch
    {
        "steal" => HostileChanges.StealStoreHostname(Example),
        "copy-claim" => HostileChanges.CopyStoreHostname(Example),
        "remove-team" => HostileChanges.RemoveSearchTeam(Example),
        "unknown-field" => [HostileChanges.Edit(Example, StoreApi, "  hostnames: [\"store.example.com\", \"api.store.example.com\"]", "  hostname: [\"store.example.com\", \"api.store.example.com\"]")],
        "crlf-rewrite" => [HostileChanges.Edit(Example, StoreApi, "replacePrefixMatch: /api/catalog}", "replacePrefixMatch: \"/api/catalog\\r\\nGET /admin HTTP/1.1\"}")],
        "certificate-path" =>
        [
            HostileChanges.Edit(Example, "platform/team.yaml", "name: wildcard-example-com}", "name: \"../../../../etc\"}"),
            HostileChanges.Edit(Example, "platform/gateways/public.yaml", "name: wildcard-example-com", "name: \"../../../../etc\""),
        ],
        "team-over-cap" => HostileChanges.SearchAddsRoutes(3),
        "repository-over-cap" => HostileChanges.SearchAddsRoutes(5),
        _ => HostileChanges.BreakCanaryTest(Example),
    };

    private static async Task<EmulatedCheckRun> CheckAsync(ControlPlaneFixture cp, string name, string sha)
    {
        EmulatedCheckRun? run = null;
        await Eventually.HoldsAsync(
            () => (run = cp.GitHub.CheckRuns.ToArray().LastOrDefault(r => r.Name == name && r.HeadSha == sha && r.Conclusion is not null)) is not null,
            $"check {name} on {sha}");
        return run!;
    }
}
