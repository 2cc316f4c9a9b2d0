using System.CommandLine;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway serve --config FILE</c>: the control plane (webhooks, poll, review, apply, node protocol) for
/// each repository of the config. A config problem is printed as <c>file:line:column: field: rule</c> and the
/// command exits 2 before anything starts.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The serve config (YAML): repositories, GitHub, listen address, state dir, node tokens.", Required = true };
        var output = CliOptions.LogOutput();
        var command = new Command("serve", "Run the control plane: review pull requests, apply each repository's target branch to its nodes.") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            ControlPlaneSettings settings;
            var path = parse.GetRequiredValue(config);
            try
            {
                settings = ServeConfig.Load(path).ToSettings();
            }
            catch (ServeConfigException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"gitgateway serve: {problem}");
                }

                return CliOptions.Failure;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"gitgateway serve: {path}: {ex.Message}");
                return CliOptions.Failure;
            }

            var json = parse.GetValue(output) == "json";
            await using var app = ControlPlaneHost.Build(settings, TimeProvider.System, l => ConsoleLogging.Configure(l, json));
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
