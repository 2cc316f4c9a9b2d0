using System.Runtime.CompilerServices;
using GitGateway.Reconciler.Cli;

[assembly: InternalsVisibleTo("GitGateway.Reconciler.Tests")]

// gitgateway-cli (src/Cli): the same command tree without serve and demo, for a Native AOT publish.
[assembly: InternalsVisibleTo("gitgateway-cli")]

namespace GitGateway.Reconciler;

/// <summary>The <c>gitgateway</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) => CliApp.InvokeAsync(args, null, CancellationToken.None);
}
