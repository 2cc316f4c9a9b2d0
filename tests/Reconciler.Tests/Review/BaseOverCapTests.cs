using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// A base already over a repository cap is said so in one line naming the cap and its value, and, when it was not
/// read (the file and byte caps), the head is not diffed against what little was read of it.
/// </summary>
public sealed class BaseOverCapTests
{
    [Theory]
    [InlineData("files: 5", "spec.limits.repository.files = 5")]
    [InlineData("bytes: 4000", "spec.limits.repository.bytes = 4000")]
    public async Task Plan_BaseOverRepositoryFileOrByteCap_OneLineNamesTheCap_NoDiffShown(string cap, string named)
    {
        using var repo = TempGitRepository.Create();
        var output = await PlanOverCapAsync(repo, "repository: {" + cap + "}");

        var line = Assert.Single(output.Split('\n'), l => l.Contains("over the repository's limit", StringComparison.Ordinal));
        Assert.StartsWith($"⚠️ The base main is over the repository's limit {named}: it was not read", line, StringComparison.Ordinal);
        Assert.Contains(" — no diff", output, StringComparison.Ordinal);
        Assert.DoesNotContain("added,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("**Traffic changes**", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Claim change", output, StringComparison.Ordinal);

        var (_, json, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "lift", "--output", "json");
        var summary = System.Text.Json.Nodes.JsonNode.Parse(json)!["summary"]!;
        Assert.False((bool)summary["baseRead"]!);
        Assert.Contains(named, (string?)Assert.Single(summary["baseOverCap"]!.AsArray()), StringComparison.Ordinal);
        Assert.Equal(0, (int)summary["routesAdded"]!);
    }

    [Fact]
    public async Task Plan_BaseOverRepositoryRouteCap_OneLineNamesTheCap_DiffAgainstItsFilesKept()
    {
        using var repo = TempGitRepository.Create();
        var output = await PlanOverCapAsync(repo, "repository: {routes: 3}");

        var line = Assert.Single(output.Split('\n'), l => l.Contains("over the repository's limit", StringComparison.Ordinal));
        Assert.StartsWith("⚠️ The base main is over the repository's limit spec.limits.repository.routes = 3: the control plane refuses it as a whole", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" — no diff", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BaseHasATeamOverItsOwnRouteCap_OneLineNamesTheTeamAndTheCap_DiffKept()
    {
        using var repo = TempGitRepository.Create();
        var output = await PlanOverCapAsync(repo, "team: {routes: 3}");

        var line = Assert.Single(output.Split('\n'), l => l.Contains("over its limit", StringComparison.Ordinal));
        Assert.Equal(
            "⚠️ On the base main, team payments is over its limit spec.limits.team.routes = 3: its files there are refused and served from an earlier commit, "
            + "so its part of the diff is against files the edge does not serve.",
            line);
        Assert.DoesNotContain("over the repository's limit", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" — no diff", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The example repository with <c>spec.limits</c> set to <paramref name="limits"/> on main, and a branch
    /// <c>lift</c> that lifts it again: <c>gitgateway plan</c>'s text of that branch against that base.
    /// </summary>
    private static async Task<string> PlanOverCapAsync(TempGitRepository repo, string limits)
    {
        repo.CopyFrom(Cli.Cli.Example);
        var config = Path.Combine(repo.Path, "gitgateway.yaml");
        var original = File.ReadAllText(config);
        File.WriteAllText(config, original + "  limits:\n    " + limits + "\n");
        repo.Commit("the base is over a cap");
        repo.Git("checkout", "-q", "-b", "lift");
        File.WriteAllText(config, original);
        repo.Commit("the platform lifts the cap");
        var (_, output, _) = await Cli.Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main", "--head", "lift");
        return output;
    }
}
