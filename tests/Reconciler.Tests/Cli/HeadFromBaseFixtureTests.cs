using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Tests.Git;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// The changes <see cref="PlanCommandTests"/> reviews, each made in a Git repository seeded from the example: the
/// review <c>plan</c> gives (its JSON, both renders' plans, statuses and diagnostics, the if-merged render of a head
/// with a broken team included) is the same with the head rendered from the base's render as with both rendered cold.
/// </summary>
public sealed class HeadFromBaseFixtureTests
{
    private const string StoreApi = "teams/store/routes/store-api.yaml";

    public static TheoryData<string> Changes() => ["canary shift", "comment only", "route added", "broken weight", "one team broken, another changed", "platform broken", "base moved on"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Review_PlanCommandChange_SameAsBothRenderedCold(string change)
    {
        using var repo = TempGitRepository.Create();
        repo.CopyFrom(Cli.Example);
        repo.Commit("seed from examples/repo-layout");
        repo.Git("checkout", "-q", "-b", "feature");
        Make(repo, change);
        repo.Commit(change);
        if (change == "base moved on")
        {
            repo.Git("checkout", "-q", "main");
            File.Delete(Path.Combine(repo.Path, "teams/search/routes/opensearch-tls.yaml"));
            repo.Commit("main: remove the TLS route");
        }

        var incremental = await ReviewAsync(repo, fromBase: true);
        var cold = await ReviewAsync(repo, fromBase: false);

        Assert.Equal(cold, incremental);
    }

    private static void Make(TempGitRepository repo, string change)
    {
        var store = Path.Combine(repo.Path, StoreApi);
        var search = Path.Combine(repo.Path, "teams/search/routes/search-api.yaml");
        var gateway = Path.Combine(repo.Path, "platform/gateways/public.yaml");
        _ = change switch
        {
            "comment only" => Edit(store, t => t + "# a comment at the end\n"),
            "route added" => Edit(Path.Combine(repo.Path, "teams/search/routes/search-admin.yaml"), _ => File.ReadAllText(search).Replace("name: search-api\n", "name: search-admin\n", StringComparison.Ordinal)),
            "broken weight" => Edit(store, t => t.Replace("weight: 90}", "weight: -1}", StringComparison.Ordinal)),
            "one team broken, another changed" => Edit(store, t => t.Replace("weight: 90}", "weight: -1}", StringComparison.Ordinal))
                && Edit(search, t => t.Replace("value: /search}", "value: /find}", StringComparison.Ordinal)),
            "platform broken" => Edit(gateway, t => t.Replace("kind: Gateway\n", "kind: Gateway\nspec2: {}\n", StringComparison.Ordinal)),
            _ => Edit(store, t => t.Replace("weight: 90}", "weight: 50}", StringComparison.Ordinal).Replace("weight: 10}", "weight: 50}", StringComparison.Ordinal)),
        };
    }

    private static bool Edit(string path, Func<string, string> edit)
    {
        var before = File.Exists(path) ? File.ReadAllText(path) : "";
        var after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
        return true;
    }

    private static async Task<string> ReviewAsync(TempGitRepository repo, bool fromBase)
    {
        var comparison = await GitRender.ReviewAsync(new GitCli(), repo.Path, "main", "feature", null, fromBase, TestContext.Current.CancellationToken);
        return string.Join("\n", PlanReviewJson.ToJson(comparison), RenderJson.ToJson(comparison.Base), RenderJson.ToJson(comparison.Head));
    }
}
