using System.Collections.Concurrent;
using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The revision each node should serve, and what each node has said. Every node gets the current revision, except
/// the canary nodes of a rollout in progress, which get the canary revision. Nodes long-poll with the hash they have;
/// a publish wakes them all. Reports wake whoever waits for acknowledgements. Reports are ordered by the order the
/// revisions were published: a late report for a revision published before the one a node last reported on never
/// overwrites the newer status.
/// </summary>
internal sealed class PlanPublisher(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, NodeStatus> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<RouteCounters>> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _order = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resend = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;
    private PlanRevision? _current;
    private (PlanRevision Revision, IReadOnlySet<string> Nodes)? _canary;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The revision every node not in a canary serves.</summary>
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

    /// <summary>The revision on trial and the nodes that have it, while a rollout bakes; else null.</summary>
    public (PlanRevision Revision, IReadOnlySet<string> Nodes)? Canary
    {
        get
        {
            lock (_gate)
            {
                return _canary;
            }
        }
    }

    public IReadOnlyDictionary<string, NodeStatus> Nodes => _nodes;

    /// <summary>Recent revisions, which a node holding one of them is sent the next one against (<see cref="PlanDeltas"/>).</summary>
    public PlanDeltas Deltas { get; } = new();

    /// <summary>How the nodes differ from the revisions they should serve (read by status and metrics).</summary>
    public DriftTracker Drift { get; } = new(time);

    public void Restore(PlanRevision? current, IReadOnlyDictionary<string, NodeStatus> nodes)
    {
        foreach (var (name, status) in nodes)
        {
            _nodes[name] = status;
        }

        Publish(current);
    }

    /// <summary>Makes <paramref name="revision"/> every node's revision (ending any canary).</summary>
    public void Publish(PlanRevision? revision) => Change(revision, null);

    /// <summary>Gives <paramref name="revision"/> to <paramref name="nodes"/> only; the others keep the current one.</summary>
    public void PublishCanary(PlanRevision revision, IReadOnlySet<string> nodes) => Change(Current, (revision, nodes));

    /// <summary>The revision <paramref name="node"/> should serve.</summary>
    public PlanRevision? RevisionFor(string node)
    {
        lock (_gate)
        {
            return _canary is { } canary && canary.Nodes.Contains(node) ? canary.Revision : _current;
        }
    }

    /// <summary>Waits until <paramref name="node"/>'s revision differs from <paramref name="knownHash"/> or the wait ends; returns it or null.</summary>
    public async Task<PlanRevision?> WaitForNewAsync(string node, string? knownHash, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var revision = _canary is { } canary && canary.Nodes.Contains(node) ? canary.Revision : _current;
                var forced = _resend.Remove(node);
                if (revision is not null && (revision.PlanHash != knownHash || forced))
                {
                    return revision;
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

    /// <summary>
    /// Repair (issue 15): the next wait of <paramref name="node"/> answers with its revision even when the node says
    /// it has that plan (it was given it but serves another). Only a published revision is ever sent, so a plan the
    /// control plane refused never reaches a node this way.
    /// </summary>
    public void Resend(string node)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _resend.Add(node);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// Lets a node go from the fleet view (<see cref="FleetRoster"/>) unless it reported since <paramref name="seen"/>
    /// was read: a node that speaks again is never lost. True when it went.
    /// </summary>
    public bool Forget(NodeStatus seen) => _nodes.TryRemove(new KeyValuePair<string, NodeStatus>(seen.Name, seen));

    public void Seen(string node, string? planHash)
    {
        _nodes.AddOrUpdate(
            node,
            _ => new NodeStatus(node, planHash ?? "", false, null, false, time.GetUtcNow()),
            (_, old) => old with { LastSeen = time.GetUtcNow() });
    }

    /// <summary>
    /// Takes a node's report unless it answers for a revision published before the one the node's status is about
    /// (a late, reordered report); returns whether it was taken.
    /// </summary>
    public bool Report(NodeStatus status, IReadOnlyList<RouteCounters>? routes = null)
    {
        TaskCompletionSource reported;
        lock (_gate)
        {
            if (_nodes.TryGetValue(status.Name, out var old) && old.PlanHash != status.PlanHash && Order(status.PlanHash) < Order(old.PlanHash))
            {
                _nodes[status.Name] = old with { LastSeen = status.LastSeen };
                return false;
            }

            _nodes[status.Name] = status;
            if (routes is not null)
            {
                _routes[status.Name] = routes;
            }

            reported = _reported;
            _reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        reported.TrySetResult();
        return true;
    }

    /// <summary>The per-route counters <paramref name="node"/> last reported (empty when it reported none).</summary>
    public IReadOnlyList<RouteCounters> Routes(string node) => _routes.TryGetValue(node, out var routes) ? routes : [];

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

    private void Change(PlanRevision? current, (PlanRevision Revision, IReadOnlySet<string> Nodes)? canary)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            // Published last = newest, also for a plan published before (a revert, or the canary going back).
            if (current is not null && (current.PlanHash != _current?.PlanHash || canary is null && _canary is not null))
            {
                _order[current.PlanHash] = ++_sequence;
            }

            if (canary is { } c)
            {
                _order[c.Revision.PlanHash] = ++_sequence;
            }

            _current = current;
            _canary = canary;
            Deltas.Remember(current);
            Deltas.Remember(canary?.Revision);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Where a plan hash stands in publishing order; one this control plane never published comes first.</summary>
    private long Order(string hash) => _order.TryGetValue(hash, out var order) ? order : -1;
}
