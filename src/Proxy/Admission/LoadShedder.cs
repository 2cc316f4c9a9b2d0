using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Load shedding as Envoy's overload manager does it: above a connection count or a managed-memory threshold the
/// node answers new requests 503 and closes their connections, so it sheds work before it runs out of memory or
/// file descriptors. Connections are compared on every request. Memory is sampled on demand: the first request
/// after the last sample is 250 ms old (as Envoy's resource monitors refresh) samples it, the others read the cached
/// state. No timer runs, so a node without traffic is not woken to sample. <c>/metrics</c> samples both states
/// before it shows them. <paramref name="managedMemory"/> reads the managed memory in use (default: the GC's count).
/// </summary>
internal sealed class LoadShedder(ConnectionLimits limits, ConnectionGate gate, OverloadCounters counters, TimeProvider time, Func<long>? managedMemory = null)
{
    private readonly Func<long> _managedMemory = managedMemory ?? (static () => GC.GetTotalMemory(forceFullCollection: false));
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);
    private readonly int _shedConnections = limits.ShedConnectionsOrDefault;
    private readonly long _shedMemory = limits.ShedMemoryBytesOrDefault;
    private readonly long _interval = (long)(SampleInterval.TotalSeconds * time.TimestampFrequency);
    private long _due = long.MinValue;
    private volatile bool _memory;

    /// <summary>Why a request arriving at <paramref name="now"/> (a <see cref="TimeProvider.GetTimestamp"/>) is shed, or null to serve it.</summary>
    public string? Trigger(long now)
    {
        if (gate.Active > _shedConnections)
        {
            return OverloadCounters.Connections;
        }

        var due = Volatile.Read(ref _due);
        if (now >= due && Interlocked.CompareExchange(ref _due, now + _interval, due) == due)
        {
            Sample();
        }

        return _memory ? OverloadCounters.Memory : null;
    }

    /// <summary>Reads managed memory and the connection count once, and publishes both states.</summary>
    public void Sample()
    {
        _memory = _managedMemory() > _shedMemory;
        counters.SetActive(OverloadCounters.Memory, _memory);
        counters.SetActive(OverloadCounters.Connections, gate.Active > _shedConnections);
    }
}
