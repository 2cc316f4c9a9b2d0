using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// Leader election among control-plane replicas with a coordination.k8s.io/v1 Lease, as client-go's leaderelection
/// does it, on the injected <see cref="TimeProvider"/>'s monotonic timestamps: a follower takes the lease only once
/// the record it observed has not changed for <see cref="LeaseElectionOptions.LeaseDuration"/> on its own clock, and
/// a leader stops leading once it has not renewed for <see cref="LeaseElectionOptions.RenewDeadline"/>, both measured
/// with <see cref="TimeProvider.GetTimestamp"/>. The wall clock is only written into the Lease (acquireTime,
/// renewTime) for people to read; a wall clock that jumps (NTP, a VM resumed) neither expires a lease early nor
/// keeps a dead leader. Writes carry the resourceVersion read, so two replicas never both win one round (409).
/// <see cref="IsLeader"/> turns false as soon as the leader cannot renew in time or sees another holder.
/// </summary>
internal sealed partial class LeaseElection(IKubernetes client, LeaseElectionOptions options, ILogger<LeaseElection> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile bool _leading;
    private volatile string? _leader;
    private TaskCompletionSource _leadership = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (string? Holder, string? Version) _observed;
    private long _observedAt;
    private long _renewedAt;

    private enum Round
    {
        Held,
        HeldByAnother,
        Failed,
    }

    /// <summary>Whether this replica holds the lease now.</summary>
    public bool IsLeader => _leading;

    /// <summary>This replica's identity.</summary>
    public string Identity => options.Identity;

    /// <summary>Who holds the lease as this replica last saw it; null before it has looked.</summary>
    public string? Leader => _leader;

    /// <summary>Completes when this replica leads (at once if it does).</summary>
    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Volatile.Read(ref _leadership).Task.WaitAsync(cancellationToken);

    /// <summary>Competes for the lease until stopped; stopping does not release it (the next leader waits the lease out).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                switch (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    case Round.Held:
                        _renewedAt = _time.GetTimestamp();
                        Started();
                        break;
                    case Round.HeldByAnother:
                        Stopped();
                        break;
                    case Round.Failed when _leading && _time.GetElapsedTime(_renewedAt) >= options.RenewDeadline:
                        Stopped();
                        break;
                }

                await Task.Delay(options.RetryPeriod, _time, cancellationToken);
            }
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

    private async Task<Round> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await ReadAsync(cancellationToken);
            var now = _time.GetUtcNow().UtcDateTime; // written for people to read, never compared
            if (lease is null)
            {
                var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(
                    new V1Lease { Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace }, Spec = Spec(new V1LeaseSpec { LeaseTransitions = 0 }, now, acquired: true) },
                    options.Namespace,
                    cancellationToken: cancellationToken);
                Observe(options.Identity, created.Metadata.ResourceVersion);
                return Round.Held;
            }

            var holder = lease.Spec?.HolderIdentity;
            Observe(holder, lease.Metadata.ResourceVersion);
            var mine = holder == options.Identity;
            if (!mine && !string.IsNullOrEmpty(holder) && _time.GetElapsedTime(_observedAt) < options.LeaseDuration)
            {
                return Round.HeldByAnother;
            }

            lease.Spec = Spec(lease.Spec ?? new V1LeaseSpec(), now, acquired: !mine);
            var replaced = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Name, options.Namespace, cancellationToken: cancellationToken);
            Observe(options.Identity, replaced.Metadata.ResourceVersion);
            return Round.Held;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
        {
            return Round.Failed; // another replica wrote first: read again next round
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogError(logger, e.GetType().Name, e.Message);
            return Round.Failed;
        }
    }

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private V1LeaseSpec Spec(V1LeaseSpec spec, DateTime now, bool acquired)
    {
        if (acquired)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = string.IsNullOrEmpty(spec.HolderIdentity) ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = options.Identity;
        spec.LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        spec.RenewTime = now;
        return spec;
    }

    /// <summary>Notes the record read; a new one (another holder, or a renewal) restarts the lease's time on this replica's clock.</summary>
    private void Observe(string? holder, string? version)
    {
        if (_observed == (holder, version))
        {
            return;
        }

        _observed = (holder, version);
        _observedAt = _time.GetTimestamp();
        if (holder != _leader)
        {
            _leader = holder;
            LogNewLeader(logger, options.Namespace, options.Name, holder ?? "");
        }
    }

    private void Started()
    {
        if (_leading)
        {
            return;
        }

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
