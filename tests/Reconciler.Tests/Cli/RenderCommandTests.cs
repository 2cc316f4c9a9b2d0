using System.Text.Json.Nodes;

namespace GitGateway.Reconciler.Tests.Cli;

public sealed class RenderCommandTests
{
    [Fact]
    public async Task Render_ExampleRepo_PrintsPlanStatusAndNoErrors()
    {
        var (exit, output, _) = await Cli.RunAsync("render", Cli.Example);

        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(0, exit);
        Assert.Equal(["plan", "status", "diagnostics"], json.Select(p => p.Key));
        Assert.DoesNotContain(json["diagnostics"]!.AsArray(), d => (string?)d!["severity"] == "error");
        Assert.NotEmpty(json["plan"]!["listeners"]!.AsArray());
        Assert.NotEmpty(json["plan"]!["vips"]!.AsArray());
        var routes = json["status"]!["routes"]!.AsArray();
        Assert.Contains(routes, r => (string?)r!["kind"] == "GRPCRoute");
        Assert.All(routes, r => Assert.All(r!["parents"]!.AsArray(), p =>
            Assert.Contains(p!["conditions"]!.AsArray(), c => (string?)c!["type"] == "Accepted" && (string?)c["status"] == "True")));
    }

    [Fact]
    public async Task Render_MalformedFile_ExitsOneWithDiagnosticAtFileLine()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bad.yaml", "kind: HTTPRoute\nmetadata: {name: broken\n");

        var (exit, output, _) = await Cli.RunAsync("render", file);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(JsonNode.Parse(output)!["diagnostics"]!.AsArray())!;
        Assert.Equal(("error", "YamlSyntax"), ((string?)diagnostic["severity"], (string?)diagnostic["code"]));
        Assert.Equal(file.Replace('\\', '/'), (string?)diagnostic["file"]);
        Assert.True((int)diagnostic["line"]! >= 2);
    }

    [Fact]
    public async Task Render_TableOutput_ShowsListenersHostsAndWeightedBackends()
    {
        var (exit, output, _) = await Cli.RunAsync("render", Cli.Example, "--output", "table");

        Assert.Equal(0, exit);
        Assert.Contains("Listeners", output, StringComparison.Ordinal);
        Assert.Contains("store.example.com", output, StringComparison.Ordinal);
        Assert.Contains("store-api-v1 90%,", output, StringComparison.Ordinal); // cells wrap at 120 columns
        Assert.Contains("store-api-v2 10%", output, StringComparison.Ordinal);
        Assert.Contains("10.200.0.100/32", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_YamlOutput_QuotesStringsThatLookLikeOtherTypes()
    {
        var (exit, output, _) = await Cli.RunAsync("render", Cli.Example, "--output", "yaml");

        Assert.Equal(0, exit);
        Assert.StartsWith("plan:", output, StringComparison.Ordinal);
        Assert.Contains("status: \"True\"", output, StringComparison.Ordinal);
        Assert.Contains("port: 443", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_UnknownOutputFormat_IsAUsageError()
    {
        var (exit, _, error) = await Cli.RunAsync("render", Cli.Example, "--output", "xml");

        Assert.NotEqual(0, exit);
        Assert.Contains("xml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_MissingPath_ReportsPathNotFound()
    {
        var (exit, output, _) = await Cli.RunAsync("render", "/nonexistent/routes.yaml");

        Assert.Equal(1, exit);
        Assert.Contains("PathNotFound", output, StringComparison.Ordinal);
    }
}
