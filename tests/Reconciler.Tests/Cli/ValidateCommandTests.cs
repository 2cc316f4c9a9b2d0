using System.Text.RegularExpressions;

namespace GitGateway.Reconciler.Tests.Cli;

public sealed partial class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ExampleRepo_PrintsNoDiagnosticAndExitsZero()
    {
        var (exit, output, error) = await Cli.RunAsync("validate", Cli.Example);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Contains("0 error(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidWeight_PrintsEditorFormatAndExitsOne()
    {
        using var dir = new TempDirectory();
        dir.Write("route.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: app}
            spec:
              parentRefs: [{name: gw}]
              rules:
              - backendRefs: [{name: web, port: 8080, weight: -3}]
            """);

        var (exit, output, _) = await Cli.RunAsync("validate", dir.Path);

        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(EditorFormat(), line));
        Assert.Contains(lines, line => line.StartsWith("route.yaml:7:", StringComparison.Ordinal) && line.Contains(" error OutOfRange: ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^[^:]+:\d+:\d+: (error|warning) [A-Za-z]+: .+$")]
    private static partial Regex EditorFormat();
}
