using System.Diagnostics;
using System.Globalization;

namespace GitGateway.Render.Bench;

/// <summary>
/// Measures stages of one process in turn: process CPU time (all threads: JIT and GC included), bytes allocated,
/// the peak RSS (VmHWM) when the stage ends, and the methods the JIT compiled in the stage (tier-0 and the tier-1
/// recompilations alike; <see cref="System.Runtime.JitInfo"/>'s compilation time is left out: it is wall time on the
/// compiling threads, overlapping, and on a loaded machine it added up to several times the process's CPU time).
/// CPU rather than wall time, because the machine is shared.
/// </summary>
internal sealed class StageClock(TextWriter output)
{
    private readonly Process _self = Process.GetCurrentProcess();

    public List<(string Stage, double CpuMs, double AllocMiB, double PeakMiB)> Rows { get; } = [];

    public T Time<T>(string stage, Func<T> run)
    {
        _self.Refresh();
        var cpu = _self.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var result = run();
        _self.Refresh();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - methods;
        var row = (stage, (_self.TotalProcessorTime - cpu).TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0, PeakMiB());
        Rows.Add(row);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-34} cpu {row.Item2,8:F0} ms  alloc {row.Item3,8:F1} MiB  peak RSS {row.Item4,6:F0} MiB  JIT {jitted,5} methods"));
        return result;
    }

    public void Time(string stage, Action run) => Time(stage, () => { run(); return 0; });

    /// <summary>
    /// The whole process so far: CPU time and the methods the JIT compiled since start.
    /// </summary>
    public void Totals()
    {
        _self.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"whole process so far",-34} cpu {_self.TotalProcessorTime.TotalMilliseconds,8:F0} ms  JIT {System.Runtime.JitInfo.GetCompiledMethodCount(),5} methods"));
    }

    /// <summary>
    /// Prints what the managed heap holds after a full blocking collection (what is live), what the GC has committed,
    /// and the process's RSS now: the RSS less the committed heap is native memory (runtime, JIT, mapped files).
    /// </summary>
    public void Heap(string label)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} live {GC.GetTotalMemory(false) / 1048576.0,8:F1} MiB  committed {info.TotalCommittedBytes / 1048576.0,6:F0} MiB  RSS now {Status("VmRSS:"),6:F0} MiB  (server GC: {System.Runtime.GCSettings.IsServerGC})"));
    }

    // The process's peak resident set so far, from /proc (Linux); 0 elsewhere.
    private static double PeakMiB() => Status("VmHWM:");

    // A size line of /proc/self/status in MiB (Linux); 0 elsewhere.
    private static double Status(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
