namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// What one repository's writers wait for once this replica leads and before any of them starts: the state the last
/// leader left in the cluster (<see cref="ClusterStateCopy"/>) written into this replica's state directory, so the
/// reconcile loop loads the revision in force and the outbox the writes still waiting. Runs once; an API failure is
/// retried (backing off to 10 s) rather than starting from a volume that may be behind. Then <paramref name="tookOver"/>
/// is called (the reconcile loop looks at the target branch at once: a push that came while nobody led is not missed).
/// </summary>
internal sealed partial class LeaderTakeover(ClusterStateCopy copy, string stateDirectory, TimeProvider time, ILogger<LeaderTakeover> logger, Action? tookOver = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private Task? _restore;

    /// <summary>The revision restored from the cluster (null before, or when the cluster had none).</summary>
    public long? Restored { get; private set; }

    /// <summary>Restores the copy, once for all the repository's writers; the first caller's token stops it.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _restore ??= RestoreAsync(cancellationToken);
            return _restore.WaitAsync(cancellationToken);
        }
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                Restored = await copy.RestoreAsync(stateDirectory, cancellationToken);
                if (Restored is { } revision)
                {
                    LogRestored(logger, copy.Namespace, copy.Name, revision);
                }

                tookOver?.Invoke();
                return;
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
            {
                // Not ours any more (someone edited it): retrying cannot help; this replica goes on from its volume.
                LogUnreadable(logger, copy.Namespace, copy.Name, e.Message);
                tookOver?.Invoke();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, copy.Namespace, copy.Name, e.GetType().Name, e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "took over from the state copy {Namespace}/{Name}: revision {Revision} is in force")]
    private static partial void LogRestored(ILogger logger, string @namespace, string name, long revision);

    [LoggerMessage(Level = LogLevel.Error, Message = "state copy {Namespace}/{Name} is not readable ({Error}); this replica goes on from its own volume")]
    private static partial void LogUnreadable(ILogger logger, string @namespace, string name, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name} not read ({Type}: {Error}); trying again in {Seconds} s before writing anything")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string type, string error, double seconds);
}
