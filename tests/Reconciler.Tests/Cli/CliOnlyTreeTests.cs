using System.CommandLine;
using System.Globalization;
using System.Text;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>gitgateway-cli</c> (src/Cli, the Native AOT entry) runs the full app's command tree without <c>serve</c> and
/// <c>demo</c>: the same commands, options, arguments and help, and in-process the same output and exit code.
/// </summary>
public sealed class CliOnlyTreeTests
{
    private static readonly string[] ControlPlane = ["demo", "serve"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RootCommand CliOnly() => global::GitGateway.Cli.Program.Commands();

    [Fact]
    public void CliOnlyTree_ComparedWithTheFullApp_EveryCommandButServeAndDemoWithTheSameOptionsAndArguments()
    {
        var full = CliApp.Build();
        var cli = CliOnly();

        Assert.Equal(ControlPlane, full.Subcommands.Select(c => c.Name).Except(cli.Subcommands.Select(c => c.Name)).Order(StringComparer.Ordinal));
        Assert.Contains(cli.Subcommands, c => c.Name == "status");
        Assert.Equal(Shape(full, ControlPlane), Shape(cli, []));
    }

    [Fact]
    public async Task Help_EveryCommandOfTheCliOnlyTree_SameTextAsTheFullApp()
    {
        foreach (var path in Paths(CliOnly(), []))
        {
            string[] args = [.. path, "--help"];
            var expected = await RunAsync(CliApp.Build(), args);
            var actual = await RunAsync(CliOnly(), args);

            Assert.Equal(0, actual.ExitCode);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Help_Root_TheFullAppsLinesButServeAndDemo()
    {
        var full = await RunAsync(CliApp.Build(), ["--help"]);
        var cli = await RunAsync(CliOnly(), ["--help"]);

        var kept = full.Output.Split('\n').Where(l => !ControlPlane.Any(c => l.StartsWith("  " + c + " ", StringComparison.Ordinal)));
        Assert.Equal(string.Join('\n', kept), cli.Output);
        Assert.Contains("\n  status ", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_FixtureRepositories_SameOutputAndExitCodeAsTheFullApp()
    {
        using var cases = new CliOnlyCases();
        foreach (var args in cases.All())
        {
            var expected = await RunAsync(CliApp.Build(), args);
            var actual = await RunAsync(CliOnly(), args);

            Assert.True(expected == actual, $"{string.Join(' ', args)}: the full app exited {expected.ExitCode}, gitgateway-cli {actual.ExitCode}\n{actual.Output}{actual.Error}");
        }
    }

    [Fact]
    public async Task Serve_CliOnlyTree_UsageErrorNamingIt()
    {
        var (exit, _, error) = await RunAsync(CliOnly(), ["serve", "--config", "config.yaml"]);

        Assert.Equal(CliOptions.Failure, exit);
        Assert.Contains("serve", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(RootCommand root, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.InvokeAsync(root, args, new InvocationConfiguration { Output = output, Error = error }, Token);
        return (exit, output.ToString(), error.ToString());
    }

    // Every command path under the root: [render], [import], [import, ingress], [node], [node, forget], …
    private static IEnumerable<string[]> Paths(Command command, string[] prefix) =>
        command.Subcommands.SelectMany(c => Paths(c, [.. prefix, c.Name]).Prepend([.. prefix, c.Name]));

    // What help and parsing see of a command and everything under it, one line per symbol (skipping the named subcommands).
    private static string Shape(Command root, string[] skip)
    {
        var text = new StringBuilder();
        void Write(Command command, string indent)
        {
            text.Append(CultureInfo.InvariantCulture, $"{indent}{command.Name} [{string.Join(',', command.Aliases)}] hidden={command.Hidden}: {command.Description}\n");
            foreach (var o in command.Options)
            {
                text.Append(CultureInfo.InvariantCulture, $"{indent}  option {o.Name} [{string.Join(',', o.Aliases)}] {o.ValueType.Name} {Arity(o.Arity)} required={o.Required} recursive={o.Recursive} hidden={o.Hidden} help={o.HelpName}: {o.Description}\n");
            }

            foreach (var a in command.Arguments)
            {
                text.Append(CultureInfo.InvariantCulture, $"{indent}  argument {a.Name} {a.ValueType.Name} {Arity(a.Arity)} hidden={a.Hidden} help={a.HelpName}: {a.Description}\n");
            }

            foreach (var sub in command.Subcommands.Where(s => command != root || !skip.Contains(s.Name)))
            {
                Write(sub, indent + "  ");
            }
        }

        Write(root, "");
        return text.ToString();
    }

    private static string Arity(ArgumentArity arity) => $"{arity.MinimumNumberOfValues}..{arity.MaximumNumberOfValues}";
}
