using System.Collections.Concurrent;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The revision the nodes should serve, and what each node has said about it. Nodes long-poll with the hash
/// they have; a publish wakes them all. Reports wake whoever waits for acknowledgements.
/// </summary>
internal sealed class PlanPublisher(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, NodeStatus> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private PlanRevision? _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PlanRevision? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public IReadOnlyDictionary<string, NodeStatus> Nodes => _nodes;

    public void Restore(PlanRevision? current, IReadOnlyDictionary<string, NodeStatus> nodes)
    {
        foreach (var (name, status) in nodes)
        {
            _nodes[name] = status;
        }

        Publish(current);
    }

    public void Publish(PlanRevision? revision)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _current = revision;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until the current revision differs from <paramref name="knownHash"/> or the wait ends; returns it or null.</summary>
    public async Task<PlanRevision?> WaitForNewAsync(string? knownHash, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_current is not null && _current.PlanHash != knownHash)
                {
                    return _current;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    public void Seen(string node, string? planHash)
    {
        _nodes.AddOrUpdate(
            node,
            _ => new NodeStatus(node, planHash ?? "", false, null, false, time.GetUtcNow()),
            (_, old) => old with { LastSeen = time.GetUtcNow() });
    }

    public void Report(NodeStatus status)
    {
        _nodes[status.Name] = status;
        TaskCompletionSource reported;
        lock (_gate)
        {
            reported = _reported;
            _reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        reported.TrySetResult();
    }

    /// <summary>Waits until every node in <paramref name="nodes"/> has answered for <paramref name="hash"/> or the time is up.</summary>
    public async Task<IReadOnlyList<NodeStatus?>> WaitForAnswersAsync(string hash, IReadOnlyList<string> nodes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task reported;
            lock (_gate)
            {
                reported = _reported.Task;
            }

            var answers = nodes.Select(n => _nodes.TryGetValue(n, out var s) && s.PlanHash == hash && (s.Ready || !s.Accepted) ? s : null).ToList();
            if (answers.All(a => a is not null))
            {
                return answers;
            }

            try
            {
                await reported.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return answers;
            }
        }
    }
}
