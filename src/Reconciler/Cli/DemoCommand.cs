using System.CommandLine;
using GitGateway.Reconciler.Demo;

namespace GitGateway.Reconciler.Cli;

/// <summary><c>gitgateway demo</c>: the embedded default (local repository, control plane, one node, echo backends).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<string?>("--seed") { Description = "The repository layout to seed from (default: examples/repo-layout above the current directory)." };
        var dir = new Option<string?>("--dir") { Description = "Where the demo keeps its repository and state (default: a new temporary folder)." };
        var httpPort = new Option<int>("--http-port") { Description = "Local port for the Gateway's port 80.", DefaultValueFactory = _ => 18080 };
        var httpsPort = new Option<int>("--https-port") { Description = "Local port for the Gateway's port 443.", DefaultValueFactory = _ => 18443 };
        var selfCheck = new Option<bool>("--self-check") { Description = "Commit a route, measure commit-to-serving, and exit." };
        var command = new Command("demo", "Run the control plane, one embedded proxy node and echo backends against a local repository.")
        {
            seed, dir, httpPort, httpsPort, selfCheck,
        };
        command.SetAction(async (parse, ct) =>
        {
            var seedDir = parse.GetValue(seed) ?? FindExamples();
            if (seedDir is null || !File.Exists(Path.Combine(seedDir, "gitgateway.yaml")))
            {
                parse.InvocationConfiguration.Error.WriteLine("gitgateway demo: no seed repository found; pass --seed examples/repo-layout");
                return 2;
            }

            var work = parse.GetValue(dir) ?? Path.Combine(Path.GetTempPath(), "gitgateway-demo-" + Guid.NewGuid().ToString("N")[..8]);
            var runner = new DemoRunner(parse.InvocationConfiguration.Output, TimeProvider.System);
            return await runner.RunAsync(Path.GetFullPath(seedDir), work, parse.GetValue(httpPort), parse.GetValue(httpsPort), parse.GetValue(selfCheck), ct);
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
