using GitGateway.Renderer.Layout;

namespace GitGateway.Renderer.Tests.Layout;

public sealed class RepoLayoutTests
{
    private const string Config = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {controllerName: example.com/gw}\n";

    [Fact]
    public void Load_WithoutConfig_IsFlat()
    {
        var info = RepoLayout.Load([Files.Of("teams/a/team.yaml", Team("a", "team"))]);
        Assert.False(info.IsLayout);
        Assert.Empty(info.Teams);
    }

    [Fact]
    public void Load_ConfigAndTeams_ReturnsTeamsWithOwnersAndFolders()
    {
        var info = RepoLayout.Load([
            Files.Of("gitgateway.yaml", Config),
            Files.Of("platform/team.yaml", Team("platform", "platform")),
            Files.Of("teams/store/team.yaml", Team("store", "team")),
            Files.Of("teams/store/routes/r.yaml", "x: 1"),
        ]);
        Assert.True(info.IsLayout);
        Assert.Equal("example.com/gw", info.Config!.ControllerName);
        Assert.Equal(["platform/", "teams/store/"], info.Teams.Select(t => t.Directory));
        Assert.Equal(["@acme/store"], info.Teams[1].Owners);
        Assert.Equal("store", info.OwnerOf("teams/store/routes/r.yaml")!.Name);
        Assert.Empty(info.Diagnostics);
    }

    [Fact]
    public void Load_PlatformRoleOutsidePlatformFolder_IsDiagnostic()
    {
        var info = RepoLayout.Load([Files.Of("gitgateway.yaml", Config), Files.Of("teams/x/team.yaml", Team("x", "platform"))]);
        Assert.Contains(info.Diagnostics, d => d.Code == "InvalidTeam" && d.File == "teams/x/team.yaml");
        Assert.False(info.Teams[0].Team.IsPlatform);
    }

    private static string Team(string name, string role) =>
        $"apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {{name: {name}}}\nspec:\n  role: {role}\n  owners: [\"@acme/{name}\"]\n  namespaces: [{name}]\n";
}
