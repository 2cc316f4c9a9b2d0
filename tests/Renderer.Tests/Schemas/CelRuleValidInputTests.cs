using GitGateway.Fixtures;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// A manifest the API server accepts must never break a CEL rule here: the upstream conformance manifests (each
/// applied to real clusters by the suite) and the example repository render without a <c>RuleViolation</c>.
/// </summary>
public sealed class CelRuleValidInputTests
{
    public static TheoryData<string> ConformanceManifests()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(RepoPaths.Conformance, "manifests");
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConformanceManifests))]
    public void ConformanceManifest_BreaksNoRule(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Conformance, "manifests", file));

        var result = Files.Render((file, text));

        Assert.Empty(result.Diagnostics.Where(d => d.Code == DiagnosticCodes.RuleViolation).Select(d => d.ToString()));
    }

    [Fact]
    public void ExampleRepository_BreaksNoRule()
    {
        var root = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f))).ToArray();

        var result = Files.Render(files);

        Assert.NotEmpty(result.Plan.Listeners);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }
}
