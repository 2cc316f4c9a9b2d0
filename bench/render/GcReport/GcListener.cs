using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace GitGateway.GcReport;

/// <summary>
/// Listens in the process to the runtime's GC events (GCStart, GCHeapStats) and sums them: collections per
/// generation, bytes promoted by each, the size of each generation after each collection, and the time line of the
/// collections; the pause total and the allocation total come from <see cref="GC"/> itself.
/// </summary>
internal sealed class GcListener : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly List<string> _timeline = [];
    private readonly long[] _promoted = new long[3];
    private int _lastGeneration;
    private string _lastReason = "";
    private double _lastStartMs;
    private bool _started; // a GCStart not yet matched by its heap statistics: a collection is summed once
    private long _maxGen2;

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (_gate)
        {
            if (eventData.EventName is "GCStart_V2" or "GCStart_V1" or "GCStart")
            {
                _lastGeneration = Convert.ToInt32(eventData.Payload![1], CultureInfo.InvariantCulture);
                _lastReason = Convert.ToString(eventData.Payload[2], CultureInfo.InvariantCulture) ?? "";
                _lastStartMs = _clock.Elapsed.TotalMilliseconds;
                _started = true;
            }
            else if (_started && eventData.EventName is { } name && name.StartsWith("GCHeapStats", StringComparison.Ordinal))
            {
                _started = false;
                Heap(eventData);
            }
        }
    }

    // GCHeapStats: GenerationSize0, TotalPromotedSize0, GenerationSize1, TotalPromotedSize1, GenerationSize2, TotalPromotedSize2, ...
    private void Heap(EventWrittenEventArgs e)
    {
        var p = e.Payload!;
        long At(int i) => Convert.ToInt64(p[i], CultureInfo.InvariantCulture);
        var promoted = new[] { At(1), At(3), At(5) };
        for (var g = 0; g <= _lastGeneration && g < 3; g++)
        {
            _promoted[g] += promoted[g];
        }

        _maxGen2 = Math.Max(_maxGen2, At(4));
        _timeline.Add(string.Create(CultureInfo.InvariantCulture,
            $"{_lastStartMs,7:F0} ms  gen{_lastGeneration} ({_lastReason,-2})  promoted {Mib(promoted.Take(_lastGeneration + 1).Sum()),6:F1} MiB  gen0/1/2 after {Mib(At(0)),6:F1} {Mib(At(2)),6:F1} {Mib(At(4)),6:F1} MiB  LOH {Mib(At(6)),5:F1}"));
    }

    private static double Mib(long bytes) => bytes / 1048576.0;

    /// <summary>Prints the summary and the time line.</summary>
    public void Report(TextWriter output)
    {
        lock (_gate)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gc: collections gen0/1/2 {GC.CollectionCount(0) - GC.CollectionCount(1)}/{GC.CollectionCount(1) - GC.CollectionCount(2)}/{GC.CollectionCount(2)}, "
                + $"paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms ({info.PauseTimePercentage:F1}% of the run), allocated {Mib(GC.GetTotalAllocatedBytes()):F0} MiB, "
                + $"promoted by gen0/1/2 collections {Mib(_promoted[0]):F1}/{Mib(_promoted[1]):F1}/{Mib(_promoted[2]):F1} MiB, gen2 at most {Mib(_maxGen2):F1} MiB, "
                + $"heap at exit {Mib(GC.GetTotalMemory(false)):F1} MiB, run {_clock.Elapsed.TotalMilliseconds:F0} ms, "
                + $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms"));
            if (Environment.GetEnvironmentVariable("GITGATEWAY_GC_TIMELINE") == "1")
            {
                _timeline.ForEach(output.WriteLine);
            }
        }
    }
}
