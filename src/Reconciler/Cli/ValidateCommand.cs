using System.CommandLine;
using System.Text.Json;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway validate PATH...</c>: one line per diagnostic, <c>file:line:col: error CODE: message</c>, the
/// form editors and CI annotations read; the count goes to standard error so the output stays parseable. With
/// <c>--output json</c>: <c>{"errors": N, "warnings": N, "diagnostics": [...]}</c>, the diagnostics as in <c>render</c>.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = CliOptions.Paths();
        var controller = CliOptions.ControllerName();
        var output = CliOptions.Output("text", "json");
        var command = new Command("validate", "Check manifests and print diagnostics as file:line:col: severity CODE: message.")
        {
            paths, controller, output,
        };
        command.SetAction(parse =>
        {
            var inputs = parse.GetRequiredValue(paths);
            var result = RenderRun.FromPaths(inputs, RenderRun.SourceOf(inputs), parse.GetValue(controller));
            var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            var warnings = result.Diagnostics.Count - errors;
            if (parse.GetValue(output) == "json")
            {
                parse.InvocationConfiguration.Output.Write(Json(result.Diagnostics, errors, warnings));
                return errors > 0 ? CliOptions.InvalidInput : CliOptions.Ok;
            }

            foreach (var d in result.Diagnostics)
            {
                parse.InvocationConfiguration.Output.WriteLine(d.ToString());
            }

            parse.InvocationConfiguration.Error.WriteLine($"{errors} error(s), {warnings} warning(s)");
            return errors > 0 ? CliOptions.InvalidInput : CliOptions.Ok;
        });
        return command;
    }

    private static string Json(IReadOnlyList<Diagnostic> diagnostics, int errors, int warnings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("errors", errors);
            writer.WriteNumber("warnings", warnings);
            writer.WritePropertyName("diagnostics");
            RenderJson.WriteDiagnostics(writer, diagnostics);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
