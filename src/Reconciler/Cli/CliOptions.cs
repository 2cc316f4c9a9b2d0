using System.CommandLine;

namespace GitGateway.Reconciler.Cli;

/// <summary>Options and exit codes shared by the subcommands.</summary>
internal static class CliOptions
{
    /// <summary>The input is valid (warnings allowed).</summary>
    public const int Ok = 0;

    /// <summary>The input has at least one error diagnostic.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command could not run (bad repository or revision, git missing, …).</summary>
    public const int Failure = 2;

    public static Option<string?> ControllerName() => new("--controller-name")
    {
        Description = "The GatewayClass controllerName this controller owns (default: from gitgateway.yaml, else gitgateway.dev/gateway-controller).",
    };

    public static Argument<string[]> Paths() => new("PATH")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "Manifest files or directories (a directory with gitgateway.yaml is read as a config repo).",
    };
}
