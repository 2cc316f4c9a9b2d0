namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// A writer (a reconcile loop, a GitHub outbox) that starts only once this replica leads, and once the state the last
/// leader left in the cluster is restored (<paramref name="takeover"/>); without leader election configured the
/// writer is returned as it is.
/// </summary>
internal sealed class LeaderOnlyService(IHostedService inner, LeaseElectionService election, Cluster.LeaderTakeover? takeover = null) : BackgroundService
{
    private volatile bool _started;

    public static IHostedService Gate(IServiceProvider services, IHostedService writer, Cluster.LeaderTakeover? takeover = null) =>
        services.GetService<LeaseElectionService>() is { } election ? new LeaderOnlyService(writer, election, takeover) : writer;

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
            if (takeover is not null)
            {
                await takeover.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _started = true;
        await inner.StartAsync(stoppingToken);
    }
}
