using System.CommandLine;
using GitGateway.Renderer.Rendering;
using Spectre.Console;

namespace GitGateway.Reconciler.Cli;

/// <summary><c>gitgateway render PATH... [--output json|yaml|table]</c>: the plan, statuses and diagnostics.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var paths = CliOptions.Paths();
        var output = CliOptions.Output("json", "yaml", "table");
        var controller = CliOptions.ControllerName();
        var command = new Command("render", "Render manifests into a routing plan with Gateway API statuses and diagnostics.")
        {
            paths, output, controller,
        };
        command.SetAction(parse =>
        {
            var inputs = parse.GetRequiredValue(paths);
            var result = RenderRun.FromPaths(inputs, RenderRun.SourceOf(inputs), parse.GetValue(controller));
            var writer = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(output))
            {
                case "table":
                    RenderTable.Write(CreateConsole(writer), result);
                    break;
                case "yaml":
                    writer.Write(YamlOutput.FromJson(RenderJson.ToJson(result)));
                    break;
                case "json" when ReferenceEquals(writer, Console.Out):
                    // Straight to stdout: a large plan is not held a second time as a string.
                    using (var stdout = Console.OpenStandardOutput())
                    {
                        RenderJson.WriteTo(stdout, result);
                    }

                    break;
                default:
                    writer.Write(RenderJson.ToJson(result));
                    break;
            }

            return result.HasErrors ? CliOptions.InvalidInput : CliOptions.Ok;
        });
        return command;
    }

    /// <summary>The widest table <c>render --output table</c> writes; cells wrap to fit, ids break where they must.</summary>
    public const int MaxWidth = 120;

    /// <summary>A console on <paramref name="writer"/>: colours only on a terminal, at most <see cref="MaxWidth"/> columns.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Profile.Width = terminal ? Math.Min(console.Profile.Width, MaxWidth) : MaxWidth;

        return console;
    }
}
