using System.Text.Json.Nodes;
using static GitGateway.Reconciler.Tests.Import.IngressImportFixture;

namespace GitGateway.Reconciler.Tests.Import;

/// <summary>Every string of an Ingress is hostile: refused with file:line, and nothing is written outside the team's folder.</summary>
public sealed class IngressImportHostileTests
{
    private static readonly string Plain = Ingress("", "  rules:\n" + Rule("legacy.example.com", ("/", "Prefix", "web", 8080)));

    [Theory]
    [InlineData("\"/api\\r\\nX-Injected: 1\"", "ControlCharacter", 11)]
    [InlineData("\"/api\\u0000\"", "ControlCharacter", 11)]
    [InlineData("\"/api(/|$)(.*)\\n\"", "ControlCharacter", 11)] // the prefix-stripping idiom, then a line break
    [InlineData("\"api\"", "RuleViolation", 11)] // the CRD's own rule: a PathPrefix value starts with /
    public async Task Import_HostilePath_ErrorAtTheIngressLineAndNothingWritten(string path, string code, int line)
    {
        using var fx = new IngressImportFixture();
        var yaml = Plain.Replace("path: \"/\"", "path: " + path, StringComparison.Ordinal);

        var (exit, output, _) = await fx.ImportAsync(yaml);

        Assert.Equal(1, exit);
        Assert.Contains($"/ingress.yaml:{line}:", output.Split('\n').Single(l => l.Contains(code, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fx.TeamDir, "routes")));
    }

    [Theory]
    [InlineData("name: web", "name: ../../etc", "InvalidName")]
    [InlineData("name: shop\n", "name: Shop_1\n", "InvalidName")]
    [InlineData("host: legacy.example.com", "host: store.example.com", "HostnameNotOwned")]
    [InlineData("host: legacy.example.com", "host: \"legacy.example.com:80\"", "InvalidHostname")]
    [InlineData("namespace: legacy", "namespace: store", "NamespaceNotOwned")]
    public async Task Import_HostileOrForeignName_RefusedWithCode(string from, string to, string code)
    {
        using var fx = new IngressImportFixture();

        var (exit, output, _) = await fx.ImportAsync(Plain.Replace(from, to, StringComparison.Ordinal), "--output", "json");

        Assert.Equal(1, exit);
        Assert.Contains(JsonNode.Parse(output)!["diagnostics"]!.AsArray(), d => (string?)d!["code"] == code && ((string?)d["file"])!.EndsWith("/ingress.yaml", StringComparison.Ordinal));
        Assert.False((bool)JsonNode.Parse(output)!["written"]!);
        Assert.False(Directory.Exists(Path.Combine(fx.TeamDir, "routes")));
    }

    [Fact]
    public async Task Import_TooManyRules_LimitExceeded()
    {
        using var fx = new IngressImportFixture();
        var rules = string.Concat(Enumerable.Range(0, 101).Select(i => Rule($"h{i}.legacy.example.com", ("/", "Prefix", "web", 8080))));

        var (exit, output, _) = await fx.ImportAsync(Ingress("", "  rules:\n" + rules));

        Assert.Equal(1, exit);
        Assert.Contains("LimitExceeded", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("Legacy")]
    [InlineData("a/b")]
    [InlineData("legacy\n")]
    public async Task Import_TeamThatIsNotAName_UsageErrorExitTwo(string team)
    {
        using var fx = new IngressImportFixture();

        var (exit, _, error) = await Cli.Cli.RunAsync("import", "ingress", fx.Input(Plain), "--team", team, "--out", fx.Repo.Path);

        Assert.Equal(2, exit);
        Assert.Contains("not a team name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileInTheWayNotWrittenByAnImport_ExitTwoAndNothingWritten()
    {
        using var fx = new IngressImportFixture();
        fx.Repo.Write("teams/legacy/tests/ingress-legacy.shop.yaml", "# the team's own tests\n");

        var (exit, _, error) = await fx.ImportAsync(Plain);

        Assert.Equal(2, exit);
        Assert.Contains("exists and was not written by an import", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fx.TeamDir, "routes")));
        Assert.Equal("# the team's own tests\n", File.ReadAllText(Path.Combine(fx.TeamDir, "tests", "ingress-legacy.shop.yaml")));
    }

    [Fact]
    public async Task Import_TeamFolderThroughSymlink_ExitTwoAndNothingWrittenOutside()
    {
        using var fx = new IngressImportFixture();
        using var outside = new Cli.TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(fx.TeamDir, "routes"), outside.Path);

        var (exit, _, error) = await fx.ImportAsync(Plain);

        Assert.Equal(2, exit);
        Assert.Contains("symbolic link", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Path));
    }

    [Fact]
    public async Task Import_RunTwice_ReplacesItsOwnFiles()
    {
        using var fx = new IngressImportFixture();
        Assert.Equal(0, (await fx.ImportAsync(Plain)).ExitCode);

        var (exit, _, _) = await fx.ImportAsync(Plain.Replace("name: web", "name: api", StringComparison.Ordinal));

        Assert.Equal(0, exit);
        Assert.Contains("name: api", File.ReadAllText(Path.Combine(fx.TeamDir, "routes", "ingress-legacy.shop.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DryRun_PrintsFilesAndWritesNothing()
    {
        using var fx = new IngressImportFixture();

        var (exit, output, _) = await fx.ImportAsync(Plain, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("would write teams/legacy/routes/ingress-legacy.shop.yaml: HTTPRoute/legacy/shop-legacy.example.com", output, StringComparison.Ordinal);
        Assert.Contains("kind: HTTPRoute", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fx.TeamDir, "routes")));
    }
}
