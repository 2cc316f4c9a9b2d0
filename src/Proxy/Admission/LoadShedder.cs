using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Load shedding as Envoy's overload manager does it: above a connection count or a managed-memory threshold the
/// node answers new requests 503 and closes their connections, so it sheds work before it runs out of memory or
/// file descriptors. Connections are compared on every request; memory is sampled (every 250 ms, as Envoy's
/// resource monitors refresh) so the request path reads one field. Both states show in <c>/metrics</c>.
/// </summary>
internal sealed class LoadShedder(ConnectionLimits limits, ConnectionGate gate, OverloadCounters counters, TimeProvider time)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);
    private readonly int _shedConnections = limits.ShedConnectionsOrDefault;
    private readonly long _shedMemory = limits.ShedMemoryBytesOrDefault;
    private volatile bool _memory;

    /// <summary>Why a request arriving now is shed, or null to serve it.</summary>
    public string? Trigger()
    {
        if (gate.Active > _shedConnections)
        {
            return OverloadCounters.Connections;
        }

        return _memory ? OverloadCounters.Memory : null;
    }

    /// <summary>Reads managed memory and the connection count once, and publishes both states.</summary>
    public void Sample()
    {
        _memory = GC.GetTotalMemory(forceFullCollection: false) > _shedMemory;
        counters.SetActive(OverloadCounters.Memory, _memory);
        counters.SetActive(OverloadCounters.Connections, gate.Active > _shedConnections);
    }

    /// <summary>Samples until cancelled (a supervised loop of the node).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, time);
        do
        {
            Sample();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
