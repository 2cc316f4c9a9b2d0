namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Gives the GC's spare memory back to the system once a burst of requests has ended: when no request has started for
/// a whole <see cref="QuietInterval"/> after at least <see cref="BurstBytes"/> were allocated since the last such
/// collection, one full blocking collection in <see cref="GCCollectionMode.Aggressive"/> mode, which compacts and
/// decommits what the GC keeps free (the gen0 budget a burst grew, the regions its promoted state left empty).
/// A timer ticks every <see cref="QuietInterval"/> only while requests come and for one interval after the last;
/// the first request after that arms it again, so an idle node does not wake for it. A request costs one read of a
/// field written at most once per interval.
/// </summary>
internal sealed class BurstEndCollector : IDisposable
{
    /// <summary>How long no request may start before the burst counts as ended: 1 s.</summary>
    public static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(1);

    /// <summary>What a burst must have allocated since the last collection here for the next one: 64 MiB.</summary>
    public const long BurstBytes = 64L << 20;

    private const int Unarmed = 0;
    private const int Quiet = 1;
    private const int Seen = 2;

    private readonly Func<long> _allocated;
    private readonly Action _collect;
    private readonly ITimer _timer;
    private long _allocatedAtCollect;
    private int _state;

    /// <param name="time">Clock of the ticks.</param>
    /// <param name="allocated">Bytes the process has allocated so far (<see cref="GC.GetTotalAllocatedBytes(bool)"/>).</param>
    /// <param name="collect">The collection.</param>
    public BurstEndCollector(TimeProvider time, Func<long> allocated, Action collect)
    {
        (_allocated, _collect) = (allocated, collect);
        _allocatedAtCollect = allocated();
        _timer = time.CreateTimer(static state => ((BurstEndCollector)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Collections made so far.</summary>
    public int Collections { get; private set; }

    /// <summary>The collector of this process's GC.</summary>
    public static BurstEndCollector ForRuntime(TimeProvider time) =>
        new(time, static () => GC.GetTotalAllocatedBytes(), static () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));

    /// <summary>A request started: the burst goes on; the first after a quiet interval arms the timer.</summary>
    public void RequestStarted()
    {
        if (Volatile.Read(ref _state) != Seen && Interlocked.Exchange(ref _state, Seen) == Unarmed)
        {
            Arm();
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// A request started since the last tick: tick again. None did: the burst has ended; collect if it allocated enough,
    /// and stop ticking unless a request started meanwhile (that request saw the timer armed and did not arm it).
    /// </summary>
    private void Tick()
    {
        if (Interlocked.CompareExchange(ref _state, Quiet, Seen) == Seen)
        {
            Arm();
            return;
        }

        if (_allocated() - _allocatedAtCollect >= BurstBytes)
        {
            _collect();
            _allocatedAtCollect = _allocated();
            Collections++;
        }

        if (Interlocked.CompareExchange(ref _state, Unarmed, Quiet) != Quiet)
        {
            Arm();
        }
    }

    /// <summary>The next tick; none once disposed (a request racing the node's shutdown).</summary>
    private void Arm()
    {
        try
        {
            _timer.Change(QuietInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
