using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>Runs the proxy micro-benchmarks: <c>dotnet run -c Release --project bench/Proxy.Benchmarks</c>.</summary>
public static class Program
{
    /// <summary>Entry point; BenchmarkDotNet arguments (e.g. <c>--filter *RouteLookup*</c>) pass through, or <c>--alloc-probe</c> (see <see cref="AllocationProbe"/>), or <c>--kestrel-floor</c> (see <see cref="KestrelFloor"/>).</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--alloc-probe")
        {
            return await AllocationProbe.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "--kestrel-floor")
        {
            return await KestrelFloor.RunAsync(args[1..]);
        }

        // In-process: the assembly name differs from the project file's, which the out-of-process toolchain needs.
        // A job named on the command line (`--job short` for a quick run) replaces the default one, also in-process.
        if (args.Contains("--job"))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args, "--inProcess"]);
            return 0;
        }

        var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
