using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// Which types the process allocates, sampled from the runtime's own allocation ticks (one event about every
/// 100 KB allocated, naming the type of the object that crossed the mark), so each type's share of the ticks
/// estimates its share of the bytes. Async state machine boxes name their method, closures their class.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

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
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var index = names.IndexOf("TypeName");
        if (index >= 0 && eventData.Payload?[index] is string type)
        {
            _ticks.AddOrUpdate(type, 1, static (_, n) => n + 1);
        }
    }
}
