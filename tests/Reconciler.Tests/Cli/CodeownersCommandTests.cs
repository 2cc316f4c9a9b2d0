namespace GitGateway.Reconciler.Tests.Cli;

public sealed class CodeownersCommandTests
{
    [Fact]
    public async Task Codeowners_ExampleRepo_OwnsTeamFoldersAndSettings()
    {
        var (exit, output, _) = await Cli.RunAsync("codeowners", Cli.Example);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Contains("/teams/store/ @acme/store", lines);
        Assert.Contains("/teams/payments/ @acme/payments @acme/security", lines);
        Assert.Contains("/platform/ @acme/platform", lines);
        Assert.Contains("/gitgateway.yaml @acme/platform", lines);
        Assert.Contains("/teams/store/team.yaml @acme/platform", lines);
        // Last match wins: the settings line must come after every folder line.
        Assert.True(Array.IndexOf(lines, "/gitgateway.yaml @acme/platform") > Array.IndexOf(lines, "/teams/store/ @acme/store"));
    }

    [Fact]
    public async Task Codeowners_DirectoryWithoutConfig_FailsWithReason()
    {
        using var dir = new TempDirectory();
        dir.Write("route.yaml", "kind: HTTPRoute\n");

        var (exit, output, error) = await Cli.RunAsync("codeowners", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("gitgateway.yaml", error, StringComparison.Ordinal);
    }
}
