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
    public async Task Codeowners_EveryTeamFile_LastMatchingLineIsThePlatformAlone()
    {
        var (_, output, _) = await Cli.RunAsync("codeowners", Cli.Example);

        foreach (var team in Directory.GetFiles(Path.Combine(Cli.Example, "teams"), "team.yaml", SearchOption.AllDirectories))
        {
            var path = "/" + Path.GetRelativePath(Cli.Example, team).Replace('\\', '/');
            Assert.Equal("@acme/platform", LastOwners(output, path));
        }

        Assert.Equal("@acme/platform", LastOwners(output, "/platform/team.yaml"));
        Assert.Equal("@acme/store", LastOwners(output, "/teams/store/routes/store-api.yaml"));
    }

    [Fact]
    public async Task Codeowners_OwnerInjectingALineOrGlobFolder_LeftOutAndReported()
    {
        using var dir = new TempDirectory();
        dir.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n");
        dir.Write("platform/team.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec: {role: platform, owners: [\"@acme/platform\"], namespaces: [infra]}\n");
        dir.Write("teams/evil/team.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: evil}\nspec: {owners: [\"@acme/evil\\n/.github/ @acme/evil\", \"@acme/evil\"], namespaces: [evil]}\n");
        dir.Write("teams/s*/team.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: glob}\nspec: {owners: [\"@acme/glob\"], namespaces: [glob]}\n");

        var (exit, output, error) = await Cli.RunAsync("codeowners", dir.Path);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("/.github/ @acme/evil", output, StringComparison.Ordinal);
        Assert.DoesNotContain("@acme/glob", output, StringComparison.Ordinal);
        Assert.Contains("/teams/evil/ @acme/evil", output.Split('\n'));
        Assert.Contains("owner '@acme/evil?/.github/ @acme/evil' is not", error, StringComparison.Ordinal);
        Assert.Contains("teams/s*/ is not a plain folder name", error, StringComparison.Ordinal);
        Assert.Equal("@acme/platform", LastOwners(output, "/teams/evil/team.yaml"));
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

    // CODEOWNERS: the last matching line wins; "*" matches everything, "/dir/" a folder, "/file" one file.
    private static string? LastOwners(string codeowners, string path)
    {
        string? owners = null;
        foreach (var line in codeowners.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var pattern = line[..space];
            if (pattern == "*" || (pattern.EndsWith('/') ? path.StartsWith(pattern, StringComparison.Ordinal) : path == pattern))
            {
                owners = line[(space + 1)..];
            }
        }

        return owners;
    }
}
