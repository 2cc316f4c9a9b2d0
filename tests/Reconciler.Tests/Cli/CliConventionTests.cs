using System.CommandLine;
using System.Text.Json.Nodes;
using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>The conventions every command keeps: --version, exit 2 for usage errors, --output json, 120 columns.</summary>
public sealed class CliConventionTests
{
    [Fact]
    public async Task Version_Flag_PrintsThePackageVersionAndExitsZero()
    {
        // --version reads the entry assembly, so it is asked of the built program, not in-process.
        var program = Path.Combine(AppContext.BaseDirectory, "gitgateway.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(program);
        info.ArgumentList.Add("--version");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("0.1.0", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("render", "--no-such-option")]
    [InlineData("render")]
    [InlineData("render", ".", "--output", "xml")]
    [InlineData("no-such-command")]
    [InlineData("plan", "--repo", ".")]
    [InlineData("completion", "fish")]
    public async Task UsageError_AnyCommand_ExitsTwoNotOne(params string[] args)
    {
        var (exit, _, error) = await Cli.RunAsync(args);

        Assert.Equal(CliOptions.Failure, exit);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void EveryCommand_HasOutputJson()
    {
        foreach (var command in CliApp.Build().Subcommands)
        {
            var output = command.Options.SingleOrDefault(o => o.Name == "--output");
            Assert.True(output is not null, $"{command.Name} has no --output");
            var args = command.Name switch
            {
                "serve" => new[] { "serve", "--config", "x.yaml", "--output", "json" },
                "completion" => ["completion", "bash", "--output", "json"],
                "plan" => ["plan", "--base", "main", "--output", "json"],
                "demo" => ["demo", "--output", "json"],
                "pause" or "resume" => [command.Name, "--control-plane", "http://127.0.0.1:1", "--output", "json"],
                "node" => ["node", "forget", "edge-1", "--control-plane", "http://127.0.0.1:1", "--output", "json"],
                "import" => ["import", "ingress", ".", "--team", "t", "--output", "json"],
                "status" => ["status", "--output", "json"],
                _ => [command.Name, ".", "--output", "json"],
            };
            Assert.Empty(CliApp.Build().Parse(args).Errors);
        }
    }

    [Fact]
    public async Task OutputJson_RenderValidateCodeownersCompletion_PrintJson()
    {
        foreach (var args in new[]
        {
            new[] { "render", Cli.Example, "--output", "json" },
            ["validate", Cli.Example, "--output", "json"],
            ["codeowners", Cli.Example, "--output", "json"],
            ["completion", "bash", "--output", "json"],
        })
        {
            var (exit, output, _) = await Cli.RunAsync(args);
            Assert.Equal(0, exit);
            Assert.IsType<JsonObject>(JsonNode.Parse(output));
        }

        var validate = JsonNode.Parse((await Cli.RunAsync("validate", Cli.Example, "--output", "json")).Output)!;
        Assert.Equal(0, (int)validate["errors"]!);
        var codeowners = JsonNode.Parse((await Cli.RunAsync("codeowners", Cli.Example, "--output", "json")).Output)!;
        Assert.Contains(codeowners["entries"]!.AsArray(), e => (string?)e!["pattern"] == "/teams/store/" && e["owners"]!.AsArray().Any(o => (string?)o == "@acme/store"));
    }

    [Fact]
    public async Task OutputJson_Plan_PrintsJson()
    {
        using var repo = TempGitRepository.Create();
        repo.CopyFrom(Cli.Example);
        var head = repo.Commit("seed");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", head, "--head", head, "--output", "json");

        Assert.Equal(0, exit);
        Assert.NotNull(JsonNode.Parse(output)!["summary"]);
    }

    [Fact]
    public async Task RenderTable_ExampleRepo_NoLineWiderThan120()
    {
        var (exit, output, _) = await Cli.RunAsync("render", Cli.Example, "--output", "table");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= RenderCommand.MaxWidth, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.Contains("store.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RenderTable_HostnameAndRouteNameOfMaximumLength_FitIn120AndStillShowMatchAndBackend()
    {
        using var dir = new TempDirectory();
        var host = $"{new string('a', 60)}.{new string('b', 60)}.{new string('c', 60)}.example.com";
        dir.Write("all.yaml", $$$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: gg}
            spec: {controllerName: gitgateway.dev/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: infra}
            spec:
              gatewayClassName: gg
              listeners:
              - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All} } }
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: {{{new string('r', 200)}}}, namespace: app}
            spec:
              parentRefs: [{name: gw, namespace: infra}]
              hostnames: ["{{{host}}}"]
              rules:
              - matches: [{path: {type: PathPrefix, value: /checkout}}]
                backendRefs: [{name: checkout-svc, port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: checkout-svc, namespace: app}
            spec: {ports: [{port: 80}]}
            """);

        var (exit, output, _) = await Cli.RunAsync("render", dir.Path, "--output", "table");

        Assert.Equal(0, exit);
        Assert.All(output.Split('\n'), l => Assert.True(l.Length <= RenderCommand.MaxWidth, $"{l.Length} columns: {l}"));
        Assert.Contains("/checkout", output, StringComparison.Ordinal);
        Assert.Contains("checkout-svc", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_Bash_UsesTheSuggestDirectiveThatAnswers()
    {
        var (exit, script, _) = await Cli.RunAsync("completion", "bash");
        var (_, suggestions, _) = await Cli.RunAsync("[suggest:23]", "gitgateway render --out");

        Assert.Equal(0, exit);
        Assert.Contains("complete -o default -o bashdefault -F _gitgateway_complete gitgateway", script, StringComparison.Ordinal);
        Assert.Contains("[suggest:${COMP_POINT}]", script, StringComparison.Ordinal);
        Assert.Equal(["--output"], suggestions.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Validate_GatewayClassOfAnotherController_WarnsNamingOurControllerAndNoListeners()
    {
        using var dir = new TempDirectory();
        dir.Write("class.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: edge}\nspec: {controllerName: example.com/edge}\n");
        dir.Write("gateway.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: edge\n  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n");

        var (exit, output, _) = await Cli.RunAsync("validate", dir.Path);

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("warning GatewayClassOtherController", StringComparison.Ordinal)
            && l.Contains("example.com/edge", StringComparison.Ordinal) && l.Contains("gitgateway.dev/gateway-controller", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("warning NoListeners", StringComparison.Ordinal));
    }
}
