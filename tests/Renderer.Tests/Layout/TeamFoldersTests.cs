using CsCheck;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Layout;

/// <summary>
/// The folder index must name the same teams as testing every team's folder as a prefix of the path, in the order
/// the callers rely on (longest folder first, then list order): nested, repeated and root folders, and folders
/// without a trailing slash, which fall back to the test itself.
/// </summary>
public sealed class TeamFoldersTests
{
    private static readonly string[] Folders = ["", "teams/", "teams/a/", "teams/a/b/", "teams/ab/", "teams/a", "platform/", "teams/a/b/c/"];
    private static readonly string[] Paths = ["teams/a/b/c/r.yaml", "teams/a/r.yaml", "teams/ab/r.yaml", "teams/abc/r.yaml", "platform/x.yaml", "r.yaml", "teams/a", "teams/a/", "/teams/a/r.yaml", ""];

    [Fact]
    public void Holding_AnyFoldersAndPath_NamesTheTeamsAPrefixTestNames()
    {
        Gen.Select(Gen.Int[0, Folders.Length - 1].Array[0, 6], Gen.Int[0, Paths.Length - 1], Gen.Bool).Sample((folders, p, slashesOnly) =>
        {
            var teams = folders.Select(f => Folders[f]).Where(f => !slashesOnly || f.Length == 0 || f[^1] == '/')
                .Select((f, i) => new LayoutTeam(Team($"t{i}"), f)).ToList();
            var path = Paths[p];

            var expected = Enumerable.Range(0, teams.Count).Where(i => path.StartsWith(teams[i].Directory, StringComparison.Ordinal))
                .OrderByDescending(i => teams[i].Directory.Length).ToList();

            Assert.Equal(expected, TeamFolders.Holding(teams, path).ToList());
        });
    }

    private static Team Team(string name) =>
        new(name, "team", [], [], new Dictionary<string, IReadOnlyDictionary<string, string>>(), [], [], [], new SourceMark("team.yaml", 1, 1));
}
