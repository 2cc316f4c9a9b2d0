using GitGateway.Plan.Model;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// An announcer with its readiness source, as a host runs it: the standalone <c>gitgateway-vip</c> (fed by a
/// plan file and a <c>/readyz</c> poller) or the proxy node itself (fed directly after each plan apply, port bind
/// and drain start). <see cref="ShutdownAsync"/> withdraws every VIP and waits the withdraw delay, so the caller
/// drains its proxy only after routers have moved traffic away.
/// </summary>
public sealed class AnnouncerHost : IAsyncDisposable
{
    private readonly TimeSpan _withdrawDelay;
    private readonly TimeProvider _time;
    private static readonly TimeSpan FleetInterval = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient? _http;
    private readonly HttpFleetPoller? _fleet;
    private Task _running = Task.CompletedTask;
    private int _disposed;

    /// <summary>
    /// Creates the announcer; nothing runs before <see cref="Start"/>. With <paramref name="fleetControlPlane"/> (a
    /// node following a control plane) the floor's fleet view comes from it, and <c>--fleet-status</c> is the fallback.
    /// </summary>
    public AnnouncerHost(AnnouncerOptions options, TimeSpan withdrawDelay, ProxyReadiness initial, TimeProvider time, ILoggerFactory loggers, FleetControlPlane? fleetControlPlane = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _withdrawDelay = withdrawDelay;
        _time = time;
        Readiness = new ProxyReadinessSource(initial);
        Announcer = new VipAnnouncer(options, Readiness, time, loggers);
        if (options.FleetStatus is { Count: > 0 } || fleetControlPlane is not null)
        {
            _http = new HttpClient();
            _fleet = new HttpFleetPoller(_http, options.FleetStatus ?? [], Announcer.Fleet, FleetInterval, time, loggers.CreateLogger<HttpFleetPoller>(), fleetControlPlane);
        }
    }

    /// <summary>The node-level options.</summary>
    public AnnouncerOptions Options { get; }

    /// <summary>What the local proxy reports; set it whenever that changes.</summary>
    public ProxyReadinessSource Readiness { get; }

    /// <summary>The announcer.</summary>
    public VipAnnouncer Announcer { get; }

    /// <summary>Starts following plans and readiness.</summary>
    public void Start() => _running = Task.WhenAll(
        Task.Run(() => Announcer.RunAsync(_stop.Token), CancellationToken.None),
        _fleet is { } fleet ? Task.Run(() => fleet.RunAsync(_stop.Token), CancellationToken.None) : Task.CompletedTask);

    /// <summary>Hands a plan revision to the announcer (before the proxy serves it, so it knows which VIPs it holds); false when refused.</summary>
    public bool SetPlan(RoutingPlan plan) => Announcer.SetPlan(plan);

    /// <summary>The status document (JSON).</summary>
    public string StatusJson() =>
        StatusFormatter.Json(Options.NodeName, Readiness.Current, Announcer.DesiredRoutes, Announcer.Status, _time.GetUtcNow(), Announcer.Serving, Announcer.FloorHeld);

    /// <summary>The per-peer metrics (Prometheus text).</summary>
    public string Metrics() =>
        StatusFormatter.Prometheus(Readiness.Current, Announcer.DesiredRoutes, Announcer.Status, _time.GetUtcNow(), Announcer.PlansRefused, Announcer.FloorHeld.Count);

    /// <summary>Withdraws every VIP and waits the withdraw delay (bounded by <paramref name="cancellationToken"/>).</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken) => Announcer.ShutdownAsync(_withdrawDelay, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _running;
        await Announcer.DisposeAsync();
        _http?.Dispose();
        _stop.Dispose();
    }
}
