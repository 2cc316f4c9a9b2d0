using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Layout;

/// <summary>A hostname belongs to one team unless the platform delegates it; a wider wildcard never reaches another team's hostname.</summary>
public sealed class HostnameClaimTests
{
    private const string Platform = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n  hostnames: [\"*.example.com\"]\n";

    [Theory]
    [InlineData("store.example.com", "store.example.com")]
    [InlineData("store.example.com", "\"*.example.com\"")]
    [InlineData("\"*.store.example.com\"", "\"*.example.com\"")]
    [InlineData("api.store.example.com", "\"*.store.example.com\"")]
    public void Load_TwoTeamsOverlappingClaimsWithoutHistory_ClaimConflictAtBothNamingBothTeamsAndLines(string store, string thief)
    {
        var info = Load(null, ("store", store), ("thief", thief));

        // Nothing tells which claim came first: neither team is blamed for the other, both are.
        Assert.Equal(2, info.Diagnostics.Count);
        Assert.All(info.Diagnostics, d => Assert.Equal(("ClaimConflict", 10), (d.Code, d.Line)));
        var atThief = Assert.Single(info.Diagnostics, d => d.File == "teams/thief/team.yaml");
        Assert.Contains("team thief claims", atThief.Message, StringComparison.Ordinal);
        Assert.Contains("by team store (teams/store/team.yaml:10)", atThief.Message, StringComparison.Ordinal);
        Assert.Contains("(teams/thief/team.yaml:10)", atThief.Message, StringComparison.Ordinal);
        Assert.Contains(info.Diagnostics, d => d.File == "teams/store/team.yaml" && d.Message.Contains("by team thief (teams/thief/team.yaml:10)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("thief", "store.example.com")]
    [InlineData("athief", "store.example.com")]
    [InlineData("athief", "\"*.example.com\"")]
    [InlineData("zthief", "\"*.example.com\"")]
    public void Load_NewClaimOverlapsEstablishedOne_ClaimConflictAtNewcomerOnly(string thief, string claim)
    {
        // The newcomer may sort before or after the holder: the error follows the history, not the folder order.
        var established = EstablishedClaims.Of(Load(null, ("store", "store.example.com"), (thief, "other.example.org")));

        var info = Load(null, established, ("store", "store.example.com"), (thief, claim));

        var d = Assert.Single(info.Diagnostics);
        Assert.Equal(("ClaimConflict", $"teams/{thief}/team.yaml", 10), (d.Code, d.File, d.Line));
        Assert.Contains($"team {thief} claims {claim.Trim('"')} (teams/{thief}/team.yaml:10), which overlaps store.example.com claimed by team store (teams/store/team.yaml:10) before this change", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BothClaimsNewInThisChange_ClaimConflictAtBoth()
    {
        var established = EstablishedClaims.Of(Load(null, ("store", "shop.example.org"), ("thief", "other.example.org")));

        var info = Load(null, established, ("store", "store.example.com"), ("thief", "store.example.com"));

        Assert.Equal(["teams/store/team.yaml", "teams/thief/team.yaml"], info.Diagnostics.Select(d => d.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_TeamCopiesAnotherTeamsHostnameIntoClaimAndRoute_OnlyTheCopierIsBlamedAndTheHolderServes()
    {
        var established = EstablishedClaims.Of(Load(null, ("store", "store.example.com"), ("athief", "other.example.org")));
        var files = Inputs(null, [("store", "store.example.com"), RouteOf("store", "store.example.com"), ("athief", "store.example.com"), RouteOf("athief", "store.example.com")]);

        var result = PlanRenderer.Render(new RenderInput([.. files.Select(f => Files.Of(f.Path, f.Text))], "test") { EstablishedClaims = established });

        var errors = result.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, d => Assert.StartsWith("teams/athief/", d.File, StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Code == "ClaimConflict" && d.File == "teams/athief/team.yaml");
        var store = Assert.Single(result.Status.Routes, r => r.Namespace == "store");
        Assert.Contains(store.Parents.Single().Conditions, c => c is { Type: "Accepted", Status: "True" });
    }

    [Theory]
    [InlineData("\"*.a.example.com\"", "\"*.b.example.com\"")]
    [InlineData("store.example.com", "example.com")]
    [InlineData("\"*.store.example.com\"", "store.example.com")]
    public void Load_DisjointClaims_NoDiagnostic(string store, string other)
    {
        Assert.Empty(Load(null, ("store", store), ("other", other)).Diagnostics);
    }

    [Fact]
    public void Load_PlatformWildcardOverTeams_IsNoConflict()
    {
        Assert.Empty(Load(null, ("store", "store.example.com"), ("search", "\"*.search.example.com\"")).Diagnostics);
    }

    [Fact]
    public void Load_DelegatedHostname_TeamsMayShareIt()
    {
        var delegations = "  delegations:\n  - {hostname: \"*.shop.example.com\", teams: [store, checkout]}\n";

        var shared = Load(delegations, ("store", "\"*.shop.example.com\""), ("checkout", "checkout.shop.example.com"));
        var outsider = Load(delegations, ("store", "\"*.shop.example.com\""), ("checkout", "checkout.shop.example.com"), ("gift", "checkout.shop.example.com"));

        Assert.Empty(shared.Diagnostics);
        Assert.Equal(2, outsider.Diagnostics.Count(d => d.Code == "ClaimConflict" && d.Message.Contains("team gift", StringComparison.Ordinal)));
        // The delegated teams hold the hostname by the platform's grant: only the outsider is blamed, even with no history.
        Assert.All(outsider.Diagnostics, d => Assert.Equal("teams/gift/team.yaml", d.File));
        Assert.All(outsider.Diagnostics, d => Assert.Contains("which the platform delegates to team", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DelegationNamingUnknownTeamOrOneTeam_IsDiagnostic()
    {
        var unknown = Load("  delegations:\n  - {hostname: \"*.shop.example.com\", teams: [store, nobody]}\n", ("store", "store.example.com"));
        var single = Load("  delegations:\n  - {hostname: \"*.shop.example.com\", teams: [store]}\n", ("store", "store.example.com"));

        Assert.Contains(unknown.Diagnostics, d => d.Code == "InvalidTeam" && d.File == "gitgateway.yaml" && d.Message.Contains("nobody", StringComparison.Ordinal));
        Assert.Contains(single.Diagnostics, d => d.Code == "InvalidTeam" && d.File == "gitgateway.yaml");
    }

    [Fact]
    public void Load_DestructiveRemovalPercent_ReadAndRangeChecked()
    {
        Assert.Equal(20, Load(null).Config!.DestructiveRemovalPercent);
        Assert.Equal(35, Load("  destructiveRemovalPercent: 35\n").Config!.DestructiveRemovalPercent);
        Assert.Contains(Load("  destructiveRemovalPercent: 101\n").Diagnostics, d => d.Code == "OutOfRange" && d.File == "gitgateway.yaml");
    }

    [Fact]
    public void Render_RouteForHostnameAnotherTeamClaimsExactly_HostnameNotOwnedAndDropped()
    {
        // thief's *.example.com covers store.example.com, but store claims it exactly: the route is refused.
        var result = Render(null, ("store", "store.example.com"), ("thief", "\"*.example.com\""), RouteOf("thief", "store.example.com"));

        var d = Assert.Single(result.Diagnostics, x => x.Code == "HostnameNotOwned");
        Assert.Equal("teams/thief/routes/r.yaml", d.File);
        Assert.Contains("team store claims store.example.com (teams/store/team.yaml:10)", d.Message, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics, x => x.Code == "ClaimConflict");
        Assert.Empty(result.Status.Routes);
    }

    [Fact]
    public void Render_WildcardRouteOverAnotherTeamsHostname_HostnameNotOwned()
    {
        var result = Render(null, ("store", "api.store.example.com"), ("thief", "\"*.store.example.com\""), RouteOf("thief", "\"*.store.example.com\""));

        Assert.Contains(result.Diagnostics, x => x.Code == "HostnameNotOwned" && x.File == "teams/thief/routes/r.yaml" && x.Message.Contains("api.store.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_DelegatedTeamRoutesSharedHostname_Accepted()
    {
        var delegations = "  delegations:\n  - {hostname: \"*.shop.example.com\", teams: [store, checkout]}\n";

        var result = Render(delegations, ("store", "\"*.shop.example.com\""), ("checkout", "checkout.shop.example.com"), RouteOf("store", "checkout.shop.example.com"));

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Status.Routes);
    }

    private static (string Team, string Hostnames) RouteOf(string team, string hostname) => ("route:" + team, hostname);

    private static RepoLayoutInfo Load(string? configSpec, params (string Team, string Hostnames)[] teams) =>
        RepoLayout.Load([.. Inputs(configSpec, teams).Select(f => Files.Of(f.Path, f.Text))]);

    private static RepoLayoutInfo Load(string? configSpec, EstablishedClaims established, params (string Team, string Hostnames)[] teams) =>
        RepoLayout.Load([.. Inputs(configSpec, teams).Select(f => Files.Of(f.Path, f.Text))], established);

    private static RenderResult Render(string? configSpec, params (string Team, string Hostnames)[] teams) =>
        Files.Render([.. Inputs(configSpec, teams)]);

    private static List<(string Path, string Text)> Inputs(string? configSpec, (string Team, string Hostnames)[] teams)
    {
        var files = new List<(string Path, string Text)>
        {
            ("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  teamsDir: teams\n" + (configSpec ?? "")),
            ("platform/team.yaml", Platform),
            ("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http())),
        };
        foreach (var (team, hostnames) in teams)
        {
            if (team.StartsWith("route:", StringComparison.Ordinal))
            {
                var owner = team[6..];
                files.Add(($"teams/{owner}/routes/r.yaml",
                    $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r, namespace: {owner}}}\nspec:\n  parentRefs: [{{name: gw, namespace: infra}}]\n  hostnames: [{hostnames}]\n  rules:\n  - backendRefs: [{{name: svc, port: 8080}}]\n"));
                continue;
            }

            // The first hostname is on line 10 of each team file.
            files.Add(($"teams/{team}/team.yaml",
                $"apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {{name: {team}}}\nspec:\n  role: team\n  owners: [\"@acme/{team}\"]\n  namespaces: [{team}]\n  services: [{{name: svc, ports: [8080]}}]\n  hostnames:\n  - {hostnames}\n"));
        }

        return files;
    }
}
