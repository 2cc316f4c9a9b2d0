using CsCheck;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Layout;

/// <summary>
/// The claim index must name the owner that testing every claim of every team names: nested and repeated wildcards,
/// letter case, names without dots, delegations, and teams sharing a name.
/// </summary>
public sealed class ClaimIndexTests
{
    private static readonly SourceMark Mark = new("gitgateway.yaml", 1, 1);
    private static readonly string[] Claims = ["a.example.com", "*.example.com", "*.a.example.com", "A.Example.COM", "b.a.example.com", "*.b.a.example.com", "example.com", "*.com", "x", "*.x", "*.", "*"];
    private static readonly string[] Hosts = ["a.example.com", "b.a.example.com", "c.b.a.example.com", "B.A.example.com", "example.com", "other.org", "x", "y.x", "com", "a.", "*"];

    [Fact]
    public void MoreSpecificOwner_AnyTeamsAndHostname_NamesTheOwnerAScanNames()
    {
        var claims = Gen.Int[0, Claims.Length - 1].Array[0, 3];
        Gen.Select(claims.Array[1, 6], Gen.Int[0, Hosts.Length - 1], Gen.Int[0, 5], Gen.Bool).Sample((teamClaims, h, me, delegated) =>
        {
            var teams = teamClaims.Select((c, i) => new LayoutTeam(Team($"t{i % 4}", [.. c.Select(x => Claims[x])]), $"teams/t{i}/")).ToList();
            var delegations = delegated ? new[] { new HostnameDelegation("*.example.com", ["t0", "t1"], Mark) } : [];
            var layout = new RepoLayoutInfo(new GitGatewayConfig(null, "platform", "teams", Mark) { Delegations = delegations }, teams, []);
            var team = teams[me % teams.Count];

            Assert.Equal(HostnameClaims.MoreSpecificOwnerByScan(layout, team, Hosts[h]), HostnameClaims.MoreSpecificOwner(layout, team, Hosts[h]));
        }, iter: 3000);
    }

    [Fact]
    public void Near_HostnameUnderAWildcard_FindsTheWildcardAndTheExactClaim()
    {
        var teams = new List<LayoutTeam> { new(Team("t0", ["*.example.com"]), "teams/t0/"), new(Team("t1", ["other.org", "A.example.com"]), "teams/t1/") };

        Assert.Equal([(0, 0), (1, 1)], ClaimIndex.Near(teams, "a.example.com"));
        Assert.Empty(ClaimIndex.Near(teams, "a.example.org"));
    }

    private static Team Team(string name, string[] hostnames) =>
        new(name, "team", [], [], new Dictionary<string, IReadOnlyDictionary<string, string>>(), hostnames, [], [], Mark);
}
