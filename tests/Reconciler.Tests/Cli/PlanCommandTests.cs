using System.Text.Json.Nodes;
using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Cli;

public sealed class PlanCommandTests
{
    private const string StoreApi = "teams/store/routes/store-api.yaml";

    [Fact]
    public async Task Plan_CanaryWeightShift_ShowsPercentagesPerHostname()
    {
        using var repo = SeededRepository();
        repo.Git("checkout", "-q", "-b", "canary-50");
        ShiftCanary(repo, 50, 50);
        var head = repo.Commit("store: shift the API canary to 50/50");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "canary-50");

        // The routing test still expects 90/10: it decides the mark.
        Assert.Equal(1, exit);
        Assert.StartsWith("<!-- gitgateway:plan -->", output, StringComparison.Ordinal);
        Assert.Contains("### ❌ Routing tests fail (1 of ", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("**Routing tests:**", StringComparison.Ordinal) < output.IndexOf("**Traffic changes**", StringComparison.Ordinal));
        Assert.Contains("routes: 0 added, 1 changed, 0 removed", output, StringComparison.Ordinal);
        Assert.Contains("store-api-v1 90%→50%, store-api-v2 10%→50%", output, StringComparison.Ordinal);
        Assert.Contains("`store.example.com /api", output, StringComparison.Ordinal);
        Assert.Contains($"→ head `{head[..7]}`", output, StringComparison.Ordinal);

        // The repository's routing tests run as on the pull request: the 90/10 expectation no longer holds.
        Assert.Contains("- ❌ `teams/store/tests/routing.yaml:11` the API canary splits 90/10 — expected backends store/store-api-v1:8080 (weight 90), store/store-api-v2:8080 (weight 10), got forwarded to store/store-api-v1:8080 (weight 50), store/store-api-v2:8080 (weight 50)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_CanaryShiftWithUpdatedTest_IsValidAndExitsZero()
    {
        using var repo = SeededRepository();
        ShiftCanary(repo, 50, 50);
        var tests = Path.Combine(repo.Path, "teams/store/tests/routing.yaml");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("store/store-api-v1:8080: 90, store/store-api-v2:8080: 10", "store/store-api-v1:8080: 50, store/store-api-v2:8080: 50", StringComparison.Ordinal));
        repo.Commit("store: 50/50, tests updated");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(0, exit);
        Assert.Contains("### ✅ Plan is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_JsonOutput_NamesRevisionsAsBranchAtSha1()
    {
        using var repo = SeededRepository();
        var fork = repo.Git("rev-parse", "HEAD").Trim();
        repo.Git("checkout", "-q", "-b", "canary-50");
        ShiftCanary(repo, 50, 50);
        var head = repo.Commit("store: shift the API canary to 50/50");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "canary-50", "--output", "json");

        var json = JsonNode.Parse(output)!;
        Assert.Equal(1, exit);
        Assert.Equal("failedTests", json.AsObject().Select(p => p.Key).ElementAt(1));
        Assert.Equal("the API canary splits 90/10", (string?)json["failedTests"]![0]!["name"]);
        Assert.False((bool)json["summary"]!["passed"]!);
        Assert.Equal($"canary-50@sha1:{head}", (string?)json["head"]!["source"]);
        Assert.Equal($"main@sha1:{fork}", (string?)json["base"]!["source"]);
        Assert.Contains(json["traffic"]!.AsArray(), t => (string?)t!["host"] == "store.example.com"
            && ((string?)t["change"])!.Contains("store-api-v1 90%→50%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_OnlyCommentsChanged_SaysNoChangeToTraffic()
    {
        using var repo = SeededRepository();
        File.AppendAllText(Path.Combine(repo.Path, StoreApi), "# a comment at the end\n");
        repo.Commit("comment");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(0, exit);
        Assert.Contains("No change to traffic", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_JsonOutput_CountsAddedRouteAndListsChanges()
    {
        using var repo = SeededRepository();
        repo.Git("checkout", "-q", "-b", "new-route");
        repo.Write("teams/search/routes/search-admin.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: search-admin, namespace: search}
            spec:
              parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
              hostnames: [admin.search.example.com]
              rules:
              - backendRefs: [{name: search-api, port: 8080}]
            """);
        repo.Commit("search: admin host");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "new-route", "--output", "json");

        var json = JsonNode.Parse(output)!;
        Assert.Equal(0, exit);
        Assert.Equal(1, (int)json["summary"]!["routesAdded"]!);
        Assert.Equal(0, (int)json["summary"]!["routesChanged"]!);
        Assert.True((bool)json["summary"]!["valid"]!);
        Assert.False((bool)json["summary"]!["noChangeToTraffic"]!);
        Assert.Contains(json["traffic"]!.AsArray(), t => (string?)t!["host"] == "admin.search.example.com");
        Assert.Contains(json["changes"]!.AsArray(), c => (string?)c!["kind"] == "Added");
    }

    [Fact]
    public async Task Plan_HeadWithError_ExitsOneAndListsDiagnostic()
    {
        using var repo = SeededRepository();
        ShiftCanary(repo, -1, 10);
        repo.Commit("broken weight");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("❌ Plan is invalid (1 error; if merged, store would keep the files of main\\~1", output, StringComparison.Ordinal);
        Assert.Contains($"`{StoreApi}:", output, StringComparison.Ordinal);
        Assert.Contains("OutOfRange", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_OneTeamBrokenAnotherChanged_ShowsWhatMergingApplies_NotTheBrokenRoutesAsRemoved()
    {
        using var repo = SeededRepository();
        ShiftCanary(repo, -1, 10);
        var search = Path.Combine(repo.Path, "teams/search/routes/search-api.yaml");
        File.WriteAllText(search, File.ReadAllText(search).Replace("value: /search}", "value: /find}", StringComparison.Ordinal));
        repo.Commit("store: broken weight; search: /search becomes /find");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main", "--output", "json");

        // Merging applies search's change and keeps store's folder as it was: the diff is that, not store's route
        // missing from the broken render.
        var json = JsonNode.Parse(output)!;
        Assert.Equal(1, exit);
        Assert.False((bool)json["summary"]!["valid"]!);
        Assert.Equal(["store"], json["summary"]!["keptTeams"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(0, (int)json["summary"]!["routesRemoved"]!);
        Assert.Contains(json["traffic"]!.AsArray(), t => (string?)t!["host"] == "search.example.com");
        Assert.DoesNotContain(json["traffic"]!.AsArray(), t => (string?)t!["host"] == "store.example.com");
    }

    [Fact]
    public async Task Plan_PlatformBroken_SaysMergingIsRefusedAndShowsNoTrafficChange()
    {
        using var repo = SeededRepository();
        var gateway = Path.Combine(repo.Path, "platform/gateways/public.yaml");
        File.WriteAllText(gateway, File.ReadAllText(gateway).Replace("kind: Gateway\n", "kind: Gateway\nspec2: {}\n", StringComparison.Ordinal));
        repo.Commit("platform: an unknown field in the Gateway");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("❌ Plan is invalid (", output, StringComparison.Ordinal);
        Assert.Contains("Merging this head would be refused as a whole: the edge would keep serving `main~1`.", output, StringComparison.Ordinal);
        Assert.Contains("routes: 0 added, 0 changed, 0 removed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BaseBranchMovedOn_ComparesAgainstMergeBase()
    {
        using var repo = SeededRepository();
        repo.Git("checkout", "-q", "-b", "feature");
        ShiftCanary(repo, 50, 50);
        repo.Commit("feature: 50/50");
        repo.Git("checkout", "-q", "main");
        File.Delete(Path.Combine(repo.Path, "teams/search/routes/opensearch-tls.yaml"));
        repo.Commit("main: remove the TLS route");

        var (_, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "feature");

        // The TLS route removed on main after the fork is not part of the feature's change.
        Assert.Contains("routes: 0 added, 1 changed, 0 removed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("opensearch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnknownRevision_ExitsTwoNamingIt()
    {
        using var repo = SeededRepository();

        var (exit, output, error) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "no-such-branch");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("no-such-branch", error, StringComparison.Ordinal);
    }

    private static TempGitRepository SeededRepository()
    {
        var repo = TempGitRepository.Create();
        repo.CopyFrom(Cli.Example);
        repo.Commit("seed from examples/repo-layout");
        return repo;
    }

    private static void ShiftCanary(TempGitRepository repo, int v1, int v2)
    {
        var path = Path.Combine(repo.Path, StoreApi);
        var text = File.ReadAllText(path)
            .Replace("{name: store-api-v1, port: 8080, weight: 90}", $"{{name: store-api-v1, port: 8080, weight: {v1}}}", StringComparison.Ordinal)
            .Replace("{name: store-api-v2, port: 8080, weight: 10}", $"{{name: store-api-v2, port: 8080, weight: {v2}}}", StringComparison.Ordinal);
        File.WriteAllText(path, text);
    }
}
