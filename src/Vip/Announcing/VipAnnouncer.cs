using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Bfd;
using GitGateway.Vip.Bgp;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Announces this node's VIPs: one BGP session per peer the plan names (kept up whatever the proxy does), and on
/// each session the VIPs of the plan revision the proxy reports it serves, only while it is ready with their
/// ports bound. Plans only ever replace plans: losing the plan source withdraws nothing.
/// </summary>
public sealed class VipAnnouncer : IAsyncDisposable
{
    private const int PlanHistory = 8;
    private static readonly TimeSpan FloorRecheck = TimeSpan.FromSeconds(1);
    private readonly AnnouncerOptions _options;
    private readonly IProxyReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PeerRuntime> _peers = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Hash, RoutingPlan Plan)> _plans = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly VipAddressPlumbing? _plumbing;
    private readonly List<Task> _stopping = [];
    private readonly VipFloor _floor;
    private Dictionary<string, PeerPassword> _passwords = [];
    private TaskCompletionSource _planChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BfdEndpoint? _bfd;
    private BgpListener? _listener;
    private Task? _listening;
    private Task? _bfdReceive;
    private CancellationTokenSource _bfdStop = new();
    private volatile bool _shuttingDown;
    private int _disposed;
    private int _refused;

    /// <summary>Creates the announcer; call <see cref="SetPlan"/> and <see cref="RunAsync"/>.</summary>
    /// <param name="options">The node's options.</param>
    /// <param name="readiness">What the local proxy reports.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">The loggers.</param>
    /// <param name="fleet">What other nodes serve, for the floor (<see cref="AnnouncerOptions.FloorProbeAddress"/>); null: nothing known.</param>
    public VipAnnouncer(AnnouncerOptions options, IProxyReadiness readiness, TimeProvider time, ILoggerFactory loggers, FleetView? fleet = null)
    {
        _options = options;
        _readiness = readiness;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<VipAnnouncer>();
        _plumbing = options.VipInterface is { } name ? new VipAddressPlumbing(name, _logger) : null;
        Fleet = fleet ?? new FleetView();
        _floor = new VipFloor(options, Fleet, time, _logger);
    }

    /// <summary>What other nodes serve, as the floor sees it.</summary>
    public FleetView Fleet { get; }

    /// <summary>VIP ids announced because the proxy serves them (other nodes' fleet view reads these).</summary>
    public IReadOnlySet<string> Serving => _floor.Serving;

    /// <summary>VIP ids the floor keeps announced although the proxy does not report serving them.</summary>
    public IReadOnlySet<string> FloorHeld => _floor.Held;

    /// <summary>The number of routes currently handed to sessions.</summary>
    public int DesiredRoutes { get; private set; }

    /// <summary>Per-peer status.</summary>
    public IReadOnlyList<BgpPeerStatus> Status
    {
        get
        {
            lock (_peers)
            {
                return [.. _peers.Values.Select(p => p.Session.Status).OrderBy(s => s.Peer, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The latest plan, whether or not the proxy serves it yet.</summary>
    public RoutingPlan? Plan { get; private set; }

    /// <summary>Why the latest plan offered was refused, or null when it was taken.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Counts a plan refused before it reached the announcer (by <see cref="PlanIntake"/>).</summary>
    public void CountRefusal(string reason)
    {
        LastRefusal = reason;
        Interlocked.Increment(ref _refused);
    }

    /// <summary>Plans refused since start.</summary>
    public int PlansRefused => Volatile.Read(ref _refused);

    /// <summary>
    /// Replaces the plan; sessions follow at once, routes follow when the proxy serves it. A plan that fails the
    /// speaker's own guard (<see cref="VipPlanGuard"/>) is refused, logged, and the last good plan stays.
    /// </summary>
    /// <returns>Whether the plan was taken.</returns>
    public bool SetPlan(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = VipPlanGuard.Check(plan, _options).ToList();
        var passwords = problems.Count == 0 ? PeerSecrets.Read(plan, _options, problems) : [];
        if (problems.Count > 0)
        {
            LastRefusal = string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $" (and {problems.Count - 5} more)" : "");
            Interlocked.Increment(ref _refused);
            AnnouncerLog.PlanRefused(_logger, LastRefusal);
            return false;
        }

        LastRefusal = null;
        var hash = PlanJson.Hash(plan);
        lock (_plans)
        {
            _plans.AddFirst((hash, plan));
            while (_plans.Count > PlanHistory)
            {
                _plans.RemoveLast();
            }

            Plan = plan;
            _passwords = passwords;
        }

        Interlocked.Exchange(ref _planChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return true;
    }

    /// <summary>The port accepting BGP connections, when <see cref="AnnouncerOptions.ListenPort"/> is set.</summary>
    public int? ListeningPort => _listener?.Port;

    /// <summary>Follows plan and readiness changes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_options.ListenPort is { } port && _listener is null)
        {
            _listener = new BgpListener(_options.LocalAddress, port, FindSession, _loggers.CreateLogger<BgpListener>());
            _listening = Task.Run(() => _listener.RunAsync(_bfdStop.Token), CancellationToken.None);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var planChanged = Volatile.Read(ref _planChanged).Task;
            var readinessChanged = _readiness.Changed;
            var fleetChanged = Fleet.Changed;
            try
            {
                await ReconcileAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopped mid-reconcile (e.g. during an `ip` command): the same clean end as stopping while idle
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AnnouncerLog.ReconcileFailed(_logger, e);
            }

            try
            {
                // While the floor holds a VIP, look again every second: its listener may stop accepting.
                Task[] wake = FloorHeld.Count > 0
                    ? [planChanged, readinessChanged, fleetChanged, Task.Delay(FloorRecheck, _time, cancellationToken)]
                    : [planChanged, readinessChanged, fleetChanged];
                await Task.WhenAny(wake).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Withdraws every VIP from every peer, waits (bounded) until the withdrawals are sent, then waits
    /// <paramref name="settle"/> for routers to move traffic away. The proxy may drain when this returns.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        AnnouncerLog.ShuttingDown(_logger, settle);
        _shuttingDown = true;
        await ReconcileAsync(cancellationToken);
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(2);
        while (_time.GetUtcNow() < deadline && Status.Any(s => s.State == BgpState.Established && s.PrefixesAdvertised > 0))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken);
        }

        await Task.Delay(settle, _time, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        List<PeerRuntime> peers;
        lock (_peers)
        {
            peers = [.. _peers.Values];
            _peers.Clear();
        }

        foreach (var peer in peers)
        {
            StopPeer(peer);
        }

        await _bfdStop.CancelAsync();
        _listener?.Dispose();
        await Task.WhenAll(_stopping.Append(_bfdReceive ?? Task.CompletedTask).Append(_listening ?? Task.CompletedTask));
        _bfd?.Dispose();
        _bfdStop.Dispose();
        _gate.Dispose();
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            RoutingPlan? plan;
            Dictionary<string, PeerPassword> passwords;
            lock (_plans)
            {
                (plan, passwords) = (Plan, _passwords);
            }

            if (plan is null)
            {
                return;
            }

            UpdatePeers(VipSelection.Peers(plan, _options, passwords));
            var readiness = _readiness.Current;
            var serving = _shuttingDown ? [] : VipSelection.Serving(ServedPlan(readiness), readiness, _options);
            var held = await _floor.HoldAsync(plan, serving, enabled: !_shuttingDown, cancellationToken);
            var routes = VipSelection.RoutesOf(serving.Concat(held));
            lock (_peers)
            {
                foreach (var (key, peer) in _peers)
                {
                    peer.Session.SetRoutes(routes.GetValueOrDefault(key) ?? []);
                }
            }

            var count = routes.Values.Sum(r => r.Count);
            if (count != DesiredRoutes)
            {
                AnnouncerLog.Gate(_logger, readiness.Ready, readiness.PlanHash, count);
            }

            DesiredRoutes = count;
            if (_plumbing is not null)
            {
                var addresses = VipSelection.ForNode(plan, _options).SelectMany(v => v.Addresses).Select(VipSelection.ParsePrefix).ToHashSet();
                await _plumbing.ApplyAsync(addresses, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private RoutingPlan? ServedPlan(ProxyReadiness readiness)
    {
        lock (_plans)
        {
            if (readiness.PlanHash is null)
            {
                return Plan;
            }

            // A revision the announcer has not seen announces nothing new: it cannot tell which VIPs it holds.
            return _plans.FirstOrDefault(p => p.Hash == readiness.PlanHash).Plan;
        }
    }

    private void UpdatePeers(Dictionary<string, PeerPlan> wanted)
    {
        lock (_peers)
        {
            foreach (var (key, peer) in _peers.Where(p => !wanted.TryGetValue(p.Key, out var w) || w != p.Value.Plan).ToList())
            {
                _peers.Remove(key);
                StopPeer(peer);
                _listener?.SetPassword(peer.Plan.Settings.PeerAddress, null);
            }

            foreach (var (key, plan) in wanted.Where(w => !_peers.ContainsKey(w.Key)))
            {
                // The listener learns the key before the session exists, so the peer's first SYN is checked.
                _listener?.SetPassword(plan.Settings.PeerAddress, plan.Settings.Password);
                _peers[key] = StartPeer(plan);
            }
        }
    }

    private BgpSession? FindSession(System.Net.IPAddress remote)
    {
        lock (_peers)
        {
            return _peers.Values.FirstOrDefault(p => p.Session.Settings.PeerAddress.Equals(remote))?.Session;
        }
    }

    private PeerRuntime StartPeer(PeerPlan plan)
    {
        var session = new BgpSession(plan.Settings, _time, _loggers.CreateLogger<BgpSession>());
        var stop = new CancellationTokenSource();
        BfdSession? bfd = null;
        var tasks = new List<Task> { Task.Run(() => session.RunAsync(stop.Token)) };
        if (plan.Bfd is { } bfdSettings)
        {
            var endpoint = EnsureBfdEndpoint();
            bfd = new BfdSession(plan.Settings.PeerAddress, bfdSettings, _options.LocalAddress, _time, _loggers.CreateLogger<BfdSession>(), (from, to) =>
            {
                session.BfdState = to.ToString().ToLowerInvariant();
                if (from == BfdState.Up && to == BfdState.Down)
                {
                    // RFC 5882 §4.1 / RFC 5883: a BFD Down takes the BGP session down at once.
                    AnnouncerLog.BfdChanged(_logger, plan.Settings.Key, "down");
                    session.Reset("BFD down");
                }
            });
            session.BfdState = "down";
            endpoint.Register(bfd);
            var b = bfd;
            tasks.Add(Task.Run(() => b.RunAsync(_options.BfdPort, stop.Token)));
        }

        return new PeerRuntime(plan, session, bfd, stop, Task.WhenAll(tasks));
    }

    private void StopPeer(PeerRuntime peer)
    {
        peer.Stop.Cancel();
        _stopping.RemoveAll(t => t.IsCompleted);
        _stopping.Add(peer.Running.ContinueWith(
            _ =>
            {
                if (peer.Bfd is { } bfd)
                {
                    _bfd?.Unregister(bfd);
                    bfd.Dispose();
                }

                peer.Stop.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default));
    }

    private BfdEndpoint EnsureBfdEndpoint()
    {
        if (_bfd is null)
        {
            _bfd = new BfdEndpoint(_options.LocalAddress, _options.BfdPort, _loggers.CreateLogger<BfdEndpoint>());
            var endpoint = _bfd;
            _bfdReceive = Task.Run(() => endpoint.RunAsync(_bfdStop.Token));
        }

        return _bfd;
    }
}
