using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace GitGateway.Reconciler.Bench;

/// <summary>
/// What this process (the control plane and both nodes; not the git processes it starts) has spent so far: CPU time
/// (user + system, every thread), methods JIT-compiled and the time their compilation took, bytes allocated. The
/// difference of two readings is what the merges between them cost, which the load of other processes does not stretch
/// as it does wall time.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Methods, TimeSpan Jit, long Allocated)
{
    public static ProcessCost Now()
    {
        using var self = Process.GetCurrentProcess();
        return new(self.TotalProcessorTime, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime(), GC.GetTotalAllocatedBytes());
    }

    public static ProcessCost operator -(ProcessCost a, ProcessCost b) => new(a.Cpu - b.Cpu, a.Methods - b.Methods, a.Jit - b.Jit, a.Allocated - b.Allocated);

    /// <summary>The cost of <paramref name="merges"/> merges, per merge.</summary>
    public string PerMerge(int merges) => string.Create(CultureInfo.InvariantCulture,
        $"per merge (this process, git children excluded): CPU {Cpu.TotalMilliseconds / merges:0.0} ms, methods JIT-compiled {(double)Methods / merges:0.0} ({Jit.TotalMilliseconds / merges:0.0} ms), allocated {Allocated / merges / 1024.0 / 1024:0.0} MiB");
}
