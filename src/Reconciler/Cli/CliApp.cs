using System.CommandLine;

namespace GitGateway.Reconciler.Cli;

/// <summary>The command tree of <c>gitgateway</c>: one factory per subcommand, listed here.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("GitGateway: Gateway API routing from a Git repository.")
        {
            RenderCommand.Create(),
            ValidateCommand.Create(),
            PlanCommand.Create(),
            CodeownersCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            PauseCommand.Create(pause: true),
            PauseCommand.Create(pause: false),
        };
        return root;
    }
}
