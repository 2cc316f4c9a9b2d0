using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// Leader election among control-plane replicas with a Lease, through the client's <see cref="LeaderElector"/> and
/// <see cref="LeaseLock"/> (optimistic concurrency on the Lease's resourceVersion: two replicas never both win one
/// round). Only the leader writes (applies plans, writes checks and status); <see cref="IsLeader"/> turns false as
/// soon as the leader cannot renew, and a replica that lost the lease competes again.
/// </summary>
internal sealed partial class LeaseElection(IKubernetes client, LeaseElectionOptions options, ILogger<LeaseElection> logger)
{
    private volatile bool _leading;
    private TaskCompletionSource _leadership = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether this replica holds the lease now.</summary>
    public bool IsLeader => _leading;

    /// <summary>Completes when this replica leads (at once if it does).</summary>
    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Volatile.Read(ref _leadership).Task.WaitAsync(cancellationToken);

    /// <summary>Competes for the lease until stopped; stopping does not release it (the next leader waits the lease out).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(client, options.Namespace, options.Name, options.Identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += Started;
        elector.OnStoppedLeading += Stopped;
        elector.OnNewLeader += leader => LogNewLeader(logger, options.Namespace, options.Name, leader ?? "");
        elector.OnError += e => LogError(logger, e.GetType().Name, e.Message);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            Stopped();
        }
    }

    private void Started()
    {
        _leading = true;
        Volatile.Read(ref _leadership).TrySetResult();
        LogLeading(logger, options.Identity);
    }

    private void Stopped()
    {
        if (!_leading)
        {
            return;
        }

        _leading = false;
        Volatile.Write(ref _leadership, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        LogStopped(logger, options.Identity);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: this replica writes")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading: this replica no longer writes")]
    private static partial void LogStopped(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "lease {Namespace}/{Name} is held by {Leader}")]
    private static partial void LogNewLeader(ILogger logger, string @namespace, string name, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election: {Type}: {Error}")]
    private static partial void LogError(ILogger logger, string type, string error);
}
