using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// The command tree of <c>gitgateway</c>: one factory per subcommand, listed here. The full app (<see cref="Build"/>)
/// and the control-plane-free <c>gitgateway-cli</c> (src/Cli, <see cref="BuildWithoutControlPlane"/>) are one tree:
/// the full app adds <c>demo</c> and <c>serve</c>, which run a control plane in the process.
/// </summary>
internal static class CliApp
{
    /// <summary>The tree of <c>gitgateway</c>: every command.</summary>
    public static RootCommand Build() => Root(DemoCommand.Create(), ServeCommand.Create());

    /// <summary>
    /// The tree without <c>demo</c> and <c>serve</c>: nothing here reaches the control plane's HTTP API, the serve
    /// config's reflection deserializer, Octokit or KubernetesClient, so <c>gitgateway-cli</c> publishes Native AOT.
    /// <c>pause</c>, <c>resume</c>, <c>node</c> and <c>status</c> only call a running control plane over HTTP.
    /// </summary>
    public static RootCommand BuildWithoutControlPlane() => Root();

    // The commands in the order help lists them; those that run a control plane (if any) come after import.
    private static RootCommand Root(params Command[] controlPlane)
    {
        // RootCommand brings --help, --version and the [suggest] directive that `completion bash` relies on.
        var root = new RootCommand("GitGateway: Gateway API routing from a Git repository.")
        {
            RenderCommand.Create(),
            ValidateCommand.Create(),
            PlanCommand.Create(),
            CodeownersCommand.Create(),
            Import.ImportCommand.Create(),
        };
        Command[] rest = [.. controlPlane, PauseCommand.Create(pause: true), PauseCommand.Create(pause: false), NodeCommand.Create(), StatusCommand.Create(), CompletionCommand.Create()];
        foreach (var command in rest)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/> against the full tree (<see cref="Build"/>). Compiled Native AOT (only
    /// <c>gitgateway-cli</c> is, which keeps this assembly's entry point in its image), the tree is the one without the
    /// control plane: the AOT compiler reads the switch as a constant and leaves <c>serve</c> and <c>demo</c>, which
    /// cannot run there, out of the image.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration, CancellationToken cancellationToken) =>
        InvokeAsync(RuntimeFeature.IsDynamicCodeSupported ? Build() : BuildWithoutControlPlane(), args, configuration, cancellationToken);

    /// <summary>
    /// Parses and runs <paramref name="args"/> against <paramref name="root"/>. A command line that does not parse
    /// (unknown option, missing argument, value not allowed) prints the error and help and exits
    /// <see cref="CliOptions.Failure"/> (2): exit 1 is kept for input with errors, so a script can tell a typo in its
    /// call from a broken manifest.
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration? configuration, CancellationToken cancellationToken)
    {
        var parse = root.Parse(args);
        var exit = await parse.InvokeAsync(configuration, cancellationToken);
        return parse.Action is ParseErrorAction ? CliOptions.Failure : exit;
    }
}
