using System.CommandLine;
using GitGateway.Reconciler.Demo;

namespace GitGateway.Reconciler.Cli;

/// <summary><c>gitgateway demo</c>: the embedded default (local repository, control plane, one node, echo backends).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<string?>("--seed") { Description = "The repository layout to seed from (default: examples/repo-layout above the current directory)." };
        var dir = new Option<string?>("--dir") { Description = "Where the demo keeps its repository and state (default: a temporary folder, removed on exit)." };
        var httpPort = new Option<int?>("--http-port") { Description = "Local port for the Gateway's port 80 (default: 18080 when free, else any free port)." };
        var httpsPort = new Option<int?>("--https-port") { Description = "Local port for the Gateway's port 443 (default: 18443 when free, else any free port)." };
        var selfCheck = new Option<bool>("--self-check") { Description = "Commit a route, measure commit-to-serving, commit a broken change and check it is refused, and exit." };
        var output = CliOptions.LogOutput();
        var command = new Command("demo", "Run the control plane, one embedded proxy node and echo backends against a local repository.")
        {
            seed, dir, httpPort, httpsPort, selfCheck, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var seedDir = parse.GetValue(seed) ?? FindExamples();
            if (seedDir is null || !File.Exists(Path.Combine(seedDir, "gitgateway.yaml")))
            {
                error.WriteLine("gitgateway demo: no seed repository found; pass --seed examples/repo-layout");
                return CliOptions.Failure;
            }

            // A port asked for and taken fails now, not after the node has retried its bind for seconds.
            if (DemoPorts.Choose(parse.GetValue(httpPort), 18080) is not { } http || DemoPorts.Choose(parse.GetValue(httpsPort), 18443) is not { } https)
            {
                error.WriteLine("gitgateway demo: the port given with --http-port or --https-port is taken (another demo running?); leave them out to use free ones");
                return CliOptions.Failure;
            }

            var temporary = parse.GetValue(dir) is null;
            var work = parse.GetValue(dir) ?? Directory.CreateTempSubdirectory("gitgateway-demo-").FullName;
            try
            {
                var runner = new DemoRunner(parse.InvocationConfiguration.Output, TimeProvider.System, parse.GetValue(output) == "json");
                return await runner.RunAsync(Path.GetFullPath(seedDir), work, http, https, parse.GetValue(selfCheck), ct);
            }
            finally
            {
                if (temporary)
                {
                    DemoPorts.TryDelete(work);
                }
            }
        });
        return command;
    }

    private static string? FindExamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "examples", "repo-layout");
                if (File.Exists(Path.Combine(candidate, "gitgateway.yaml")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
