using System.CommandLine;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Cli;

/// <summary><c>gitgateway serve --config FILE</c>: the control plane (webhook, poll, review, apply, node protocol).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The serve config (YAML): repository, GitHub, listen address, state dir, node token.", Required = true };
        var command = new Command("serve", "Run the control plane: review pull requests, apply the target branch to the nodes.") { config };
        command.SetAction(async (parse, ct) =>
        {
            ControlPlaneSettings settings;
            try
            {
                settings = ServeConfig.Load(parse.GetRequiredValue(config)).ToSettings();
            }
            catch (Exception ex) when (ex is FormatException or IOException or YamlDotNet.Core.YamlException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"gitgateway serve: {ex.Message}");
                return 2;
            }

            await using var app = ControlPlaneHost.Build(settings, TimeProvider.System);
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
