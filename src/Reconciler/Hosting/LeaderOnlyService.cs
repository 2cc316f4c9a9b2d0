namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// A writer (a reconcile loop, a GitHub outbox) that starts only once this replica leads; without leader election
/// configured the writer is returned as it is.
/// </summary>
internal sealed class LeaderOnlyService(IHostedService inner, LeaseElectionService election) : BackgroundService
{
    private volatile bool _started;

    public static IHostedService Gate(IServiceProvider services, IHostedService writer) =>
        services.GetService<LeaseElectionService>() is { } election ? new LeaderOnlyService(writer, election) : writer;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_started)
        {
            await inner.StopAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await election.Election.WaitForLeadershipAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _started = true;
        await inner.StartAsync(stoppingToken);
    }
}
