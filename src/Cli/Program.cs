using System.CommandLine;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Cli;

/// <summary>The <c>gitgateway-cli</c> command: <c>gitgateway</c> without <c>serve</c> and <c>demo</c>.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) => CliApp.InvokeAsync(Commands(), args, null, CancellationToken.None);

    /// <summary>The command tree this program runs.</summary>
    internal static RootCommand Commands() => CliApp.BuildWithoutControlPlane();
}
