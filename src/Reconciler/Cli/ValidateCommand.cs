using System.CommandLine;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway validate PATH...</c>: one line per diagnostic, <c>file:line:col: error CODE: message</c>, the
/// form editors and CI annotations read; the count goes to standard error so the output stays parseable.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = CliOptions.Paths();
        var controller = CliOptions.ControllerName();
        var command = new Command("validate", "Check manifests and print diagnostics as file:line:col: severity CODE: message.")
        {
            paths, controller,
        };
        command.SetAction(parse =>
        {
            var inputs = parse.GetRequiredValue(paths);
            var result = RenderRun.FromPaths(inputs, RenderRun.SourceOf(inputs), parse.GetValue(controller));
            foreach (var d in result.Diagnostics)
            {
                parse.InvocationConfiguration.Output.WriteLine(d.ToString());
            }

            var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            var warnings = result.Diagnostics.Count - errors;
            parse.InvocationConfiguration.Error.WriteLine($"{errors} error(s), {warnings} warning(s)");
            return errors > 0 ? CliOptions.InvalidInput : CliOptions.Ok;
        });
        return command;
    }
}
