using System.CommandLine;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>Runs <c>gitgateway</c> in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    public static string Example => Path.Combine(Fixtures.RepoPaths.Root, "examples", "repo-layout");
}
