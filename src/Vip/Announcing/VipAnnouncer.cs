using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
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
    private readonly ILogger _logger;
    private readonly LinkedList<(string Hash, RoutingPlan Plan)> _plans = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly VipAddressPlumbing? _plumbing;
    private readonly VipFloor _floor;
    private readonly PeerSessions _sessions;
    private Dictionary<string, PeerPassword> _passwords = [];
    private TaskCompletionSource _planChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        _logger = loggers.CreateLogger<VipAnnouncer>();
        _sessions = new PeerSessions(options, time, loggers, _logger);
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
    public IReadOnlyList<BgpPeerStatus> Status => _sessions.Status;

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
    public int? ListeningPort => _sessions.ListeningPort;

    /// <summary>Follows plan and readiness changes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _sessions.Listen();

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

        await _sessions.DisposeAsync();
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

            _sessions.Update(VipSelection.Peers(plan, _options, passwords));
            var readiness = _readiness.Current;
            var serving = _shuttingDown ? [] : VipSelection.Serving(ServedPlan(readiness), readiness, _options);
            var held = await _floor.HoldAsync(plan, serving, readiness.BoundPorts, enabled: !_shuttingDown, cancellationToken);
            var routes = VipSelection.RoutesOf(serving.Concat(held));
            _sessions.SetRoutes(routes);

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
}
