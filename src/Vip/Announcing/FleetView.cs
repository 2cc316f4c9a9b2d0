namespace GitGateway.Vip.Announcing;

/// <summary>
/// What this node knows of the other nodes: the VIPs (by id) some other node announces because it serves them. Empty
/// when nothing is known (no fleet source, or none answered): then this node counts as the last announcer, the local
/// fallback of the floor.
/// </summary>
public sealed class FleetView
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlySet<string> _servedElsewhere = new HashSet<string>(StringComparer.Ordinal);
    private long _round;

    /// <summary>VIP ids another node serves.</summary>
    public IReadOnlySet<string> ServedElsewhere => Volatile.Read(ref _servedElsewhere);

    /// <summary>A task that completes at the next change.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>How many looks at the fleet have completed: a node's answer is only known to be newer than a moment
    /// once a look that started after it has completed.</summary>
    public long Round => Interlocked.Read(ref _round);

    /// <summary>Publishes one completed look at the VIPs other nodes serve; waiters wake only when the set differs.</summary>
    public void Set(IReadOnlySet<string> servedElsewhere)
    {
        ArgumentNullException.ThrowIfNull(servedElsewhere);
        TaskCompletionSource previous;
        lock (_gate)
        {
            Interlocked.Increment(ref _round);
            if (_servedElsewhere.SetEquals(servedElsewhere))
            {
                return;
            }

            Volatile.Write(ref _servedElsewhere, servedElsewhere);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
