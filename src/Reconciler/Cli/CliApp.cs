using System.CommandLine;
using System.CommandLine.Invocation;

namespace GitGateway.Reconciler.Cli;

/// <summary>The command tree of <c>gitgateway</c>: one factory per subcommand, listed here.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        // RootCommand brings --help, --version and the [suggest] directive that `completion bash` relies on.
        var root = new RootCommand("GitGateway: Gateway API routing from a Git repository.")
        {
            RenderCommand.Create(),
            ValidateCommand.Create(),
            PlanCommand.Create(),
            CodeownersCommand.Create(),
            Import.ImportCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            PauseCommand.Create(pause: true),
            PauseCommand.Create(pause: false),
            NodeCommand.Create(),
            StatusCommand.Create(),
            CompletionCommand.Create(),
        };
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown option, missing
    /// argument, value not allowed) prints the error and help and exits <see cref="CliOptions.Failure"/> (2): exit 1
    /// is kept for input with errors, so a script can tell a typo in its call from a broken manifest.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration, CancellationToken cancellationToken)
    {
        var parse = Build().Parse(args);
        var exit = await parse.InvokeAsync(configuration, cancellationToken);
        return parse.Action is ParseErrorAction ? CliOptions.Failure : exit;
    }
}
