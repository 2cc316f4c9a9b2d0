using GitGateway.Fixtures;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Layout;

/// <summary>
/// The caps of <c>spec.limits</c> on examples/repo-layout: each cap crossed is one <c>LimitExceeded</c> naming the
/// scope, the field, the configured and the actual value; a team's is in its folder, the repository's in gitgateway.yaml.
/// </summary>
public sealed class RepoLimitTests
{
    private static readonly Lazy<List<(string Path, string Text)>> Example = new(() =>
    {
        var root = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    });

    [Fact]
    public void Render_ExampleWithDefaults_NoLimitExceeded()
    {
        var result = Render(null);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.LimitExceeded);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Render_TeamOverItsRouteCap_OneErrorAtTheFirstRouteOverNamingTeamLimitAndValues()
    {
        var result = Render("  limits:\n    team: {routes: 4}\n", ExtraRoutes("search", 3));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.LimitExceeded, "teams/search/routes/x-extra-02.yaml", 1), (d.Code, d.File, d.Line));
        Assert.StartsWith("team search (teams/search/) has 5 routes, over its limit of 4 (spec.limits.team.routes in gitgateway.yaml)", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("files: 11", "has 25 manifest files, over its limit of 11 (spec.limits.team.files in gitgateway.yaml)", "teams/search/routes/x-extra-08.yaml")]
    [InlineData("hostnames: 2", "has 22 distinct route hostnames, over its limit of 2 (spec.limits.team.hostnames in gitgateway.yaml)", "teams/search/routes/x-extra-00.yaml")]
    [InlineData("bytes: 7000", "bytes of manifest files, over its limit of 7000 (spec.limits.team.bytes in gitgateway.yaml)", "teams/search/routes/x-extra-15.yaml")]
    public void Render_TeamOverAnotherCap_OneErrorInItsFolder(string cap, string says, string at)
    {
        var result = Render($"  limits:\n    team: {{{cap}}}\n", ExtraRoutes("search", 20));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.LimitExceeded, at), (d.Code, d.File));
        Assert.Contains("team search (teams/search/) has ", d.Message, StringComparison.Ordinal);
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RepositoryOverItsRouteCap_OneErrorInGitgatewayYamlNamingTheFirstRouteOver()
    {
        var result = Render("  limits:\n    repository: {routes: 10}\n", ExtraRoutes("search", 2));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.LimitExceeded, "gitgateway.yaml", 16), (d.Code, d.File, d.Line));
        Assert.True(d.Message.StartsWith("the repository has 11 routes, over its limit of 10 (spec.limits.repository.routes in gitgateway.yaml); "
            + "the first over it is teams/store/routes/store-web.yaml:2:1", StringComparison.Ordinal), d.Message);
    }

    [Fact]
    public void Render_RepositoryOverItsFileCapWithoutLimitsSet_IsNotReachedByTheExample()
    {
        // The example is far below every default; the same files with a cap of 10 are over it, once.
        var result = Render("  limits:\n    repository: {files: 10}\n");

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Contains($"the repository has {Example.Value.Count} manifest files, over its limit of 10", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  limits:\n    team: {files: 0}\n", "OutOfRange")]
    [InlineData("  limits:\n    team: {file: 3}\n", "UnknownField")]
    [InlineData("  limits:\n    repository: {bytes: 2000000000}\n", "OutOfRange")]
    public void Render_InvalidLimitsField_OneErrorAtTheField(string limits, string code)
    {
        var result = Render(limits);

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("gitgateway.yaml", 17), (d.File, d.Line));
        Assert.True(d.Code == code || d.Code == DiagnosticCodes.InvalidField, d.ToString());
    }

    [Fact]
    public void Render_BenchShapedRepository_FitsTheDefaults()
    {
        // The shape bench/render/generate.py writes: 200 teams of 50 HTTPRoutes (and a policy every tenth route).
        var files = new List<(string Path, string Text)>(Example.Value.Where(f => !f.Path.StartsWith("teams/", StringComparison.Ordinal)));
        for (var t = 0; t < 200; t++)
        {
            var team = $"team{t:000}";
            files.Add(($"teams/{team}/team.yaml", $"apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {{name: {team}}}\nspec:\n  owners: [\"@acme/{team}\"]\n"
                + $"  namespaces: [{team}]\n  namespaceLabels: {{{team}: {{gateway-access: \"true\"}}}}\n  hostnames: [\"{team}.example.com\", \"*.{team}.example.com\"]\n"
                + "  services:\n  - {name: svc, ports: [8080]}\n"));
            for (var r = t * 50; r < (t + 1) * 50; r++)
            {
                files.Add(($"teams/{team}/routes/route-{r:00000}.yaml", Route($"route-{r:00000}", team, r % 3 == 0 ? $"api{r % 7}.{team}.example.com" : $"{team}.example.com")));
            }
        }

        var result = PlanRenderer.Render(new RenderInput([.. files.Select(f => Files.Of(f.Path, f.Text))], "bench"));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.LimitExceeded);
        Assert.Equal(10_000, result.Status.Routes.Count(s => s.Name.StartsWith("route-", StringComparison.Ordinal)));
    }

    private static (string Path, string Text)[] ExtraRoutes(string team, int count) =>
        [.. Enumerable.Range(0, count).Select(i => ($"teams/{team}/routes/x-extra-{i:00}.yaml", Route($"x-extra-{i:00}", team, $"x{i}.{team}.example.com")))];

    private static string Route(string name, string ns, string hostname)
    {
        var backend = ns == "search" ? "search-api" : "svc";
        return "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
            + $"metadata: {{name: {name}, namespace: {ns}}}\n"
            + "spec:\n  parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]\n"
            + $"  hostnames: [\"{hostname}\"]\n"
            + $"  rules:\n  - matches: [{{path: {{type: PathPrefix, value: /{name}}}}}]\n"
            + $"    backendRefs: [{{name: {backend}, port: 8080}}]\n";
    }

    private static RenderResult Render(string? limits, params (string Path, string Text)[] extra)
    {
        var files = Example.Value.Select(f => f.Path == "gitgateway.yaml" && limits is not null ? (f.Path, Text: f.Text + limits) : f).Concat(extra);
        return PlanRenderer.Render(new RenderInput([.. files.Select(f => Files.Of(f.Path, f.Text))], "example"));
    }
}
