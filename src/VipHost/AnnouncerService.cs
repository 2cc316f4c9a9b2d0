using GitGateway.Vip.Announcing;

namespace GitGateway.VipHost;

/// <summary>
/// Runs the announcer, the plan watcher and the readiness poller. On SIGTERM it withdraws every VIP and waits the
/// withdraw delay before returning, so a proxy stopped after it drains only once routers have moved away.
/// </summary>
internal sealed class AnnouncerService : BackgroundService
{
    private readonly AnnouncerHost _host;
    private readonly PlanFileWatcher _plans;
    private readonly HttpReadinessPoller? _poller;

    public AnnouncerService(AnnouncerHost host, PlanFileWatcher plans, HttpReadinessPoller? poller = null)
    {
        _host = host;
        _plans = plans;
        _poller = poller;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _host.ShutdownAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
        await _host.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _plans.PollAsync(stoppingToken);
        _host.Start();
        await Task.WhenAll(
            _plans.RunAsync(stoppingToken),
            _poller?.RunAsync(stoppingToken) ?? Task.CompletedTask);
    }
}
