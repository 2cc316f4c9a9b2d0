using GitGateway.Vip.Announcing;

namespace GitGateway.VipHost;

/// <summary>
/// Runs the announcer, the plan watcher and the readiness poller. On SIGTERM it withdraws every VIP and waits
/// the withdraw delay before returning, so a proxy stopped after it drains only once routers have moved away.
/// </summary>
internal sealed class AnnouncerService : BackgroundService
{
    private readonly VipAnnouncer _announcer;
    private readonly PlanFileWatcher _plans;
    private readonly HttpReadinessPoller? _poller;
    private readonly VipHostOptions _options;

    public AnnouncerService(VipAnnouncer announcer, PlanFileWatcher plans, VipHostOptions options, HttpReadinessPoller? poller = null)
    {
        _announcer = announcer;
        _plans = plans;
        _options = options;
        _poller = poller;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _announcer.ShutdownAsync(_options.WithdrawDelay, cancellationToken);
        await base.StopAsync(cancellationToken);
        await _announcer.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _plans.PollAsync(stoppingToken);
        await Task.WhenAll(
            _plans.RunAsync(stoppingToken),
            _poller?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            _announcer.RunAsync(stoppingToken));
    }
}
