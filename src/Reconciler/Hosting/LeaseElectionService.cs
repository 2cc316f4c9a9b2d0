using GitGateway.Reconciler.Cluster;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// Runs the control plane's <see cref="LeaseElection"/>. A replica that led and lost the lease stops the whole
/// process (as controller-runtime's managers do): its writers may have been cut off mid-step, and a restart comes
/// back as a follower with the state it saved, instead of writers that might still run beside the new leader.
/// </summary>
internal sealed class LeaseElectionService(LeaseElection election, IHostApplicationLifetime lifetime) : BackgroundService
{
    public LeaseElection Election { get; } = election;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = Election.RunAsync(stoppingToken);
        try
        {
            await Election.WaitForLeadershipAsync(stoppingToken);
            while (Election.IsLeader && !stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            lifetime.StopApplication();
        }

        await run;
    }
}
