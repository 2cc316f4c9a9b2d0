using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// Which types the process allocates, from the runtime's randomised allocation samples (<c>AllocationSampled</c>: each
/// allocated byte equally likely to be sampled, about one sample per 100 KB), so each type's share of the samples
/// estimates its share of the bytes. The older allocation ticks (<c>ALLOC_TICKS=1</c>) name the object that crossed a
/// 100 KB mark of an allocation context, which is biased: under h2load they put 42% of the bytes on
/// <c>Http1Response</c> and 31% on Kestrel's boxed header enumerator where the samples put 73% on byte arrays
/// (bench/proxy/README.md). Async state machine boxes name their method, closures their class; the large- and
/// pinned-object heaps are named apart.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long AllocationSamplingKeyword = 0x80000000000;
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    private static bool Sampled => Environment.GetEnvironmentVariable("ALLOC_TICKS") != "1";

    /// <summary>The types with the most ticks since the last call, with their share of all ticks; clears the counts.</summary>
    public IReadOnlyList<(string Type, double Share)> TakeTop(int count)
    {
        var snapshot = _ticks.ToArray();
        _ticks.Clear();
        var total = (double)Math.Max(1, snapshot.Sum(pair => pair.Value));
        return [.. snapshot.OrderByDescending(pair => pair.Value).Take(count).Select(pair => (pair.Key, pair.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)(GcKeyword | (Sampled ? AllocationSamplingKeyword : 0)));
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith(Sampled ? "AllocationSampled" : "GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var index = names.IndexOf("TypeName");
        if (index >= 0 && eventData.Payload?[index] is string type)
        {
            // The small-object heap, the large-object heap (1) and the pinned-object heap (2) each tick on their own.
            var kind = names.IndexOf("AllocationKind") is >= 0 and var k && eventData.Payload[k] is uint heap ? heap : 0;
            var key = kind switch { 1 => type + " (large-object heap)", 2 => type + " (pinned-object heap)", _ => type };
            _ticks.AddOrUpdate(key, 1, static (_, n) => n + 1);
        }
    }
}
