namespace GitGateway.Vip.Announcing;

/// <summary>An <see cref="IProxyReadiness"/> that whoever knows the proxy's state sets.</summary>
public sealed class ProxyReadinessSource : IProxyReadiness
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProxyReadiness _current;

    /// <summary>Creates the source with an initial state.</summary>
    public ProxyReadinessSource(ProxyReadiness initial) => _current = initial;

    /// <inheritdoc />
    public ProxyReadiness Current => Volatile.Read(ref _current);

    /// <inheritdoc />
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

    /// <summary>Publishes a new state; waiters wake only when it differs.</summary>
    public void Set(ProxyReadiness readiness)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            if (SameAs(_current, readiness))
            {
                return;
            }

            Volatile.Write(ref _current, readiness);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private static bool SameAs(ProxyReadiness a, ProxyReadiness b) =>
        a.Ready == b.Ready && a.PlanHash == b.PlanHash
        && (a.BoundPorts is null ? b.BoundPorts is null : b.BoundPorts is not null && a.BoundPorts.SetEquals(b.BoundPorts));
}
