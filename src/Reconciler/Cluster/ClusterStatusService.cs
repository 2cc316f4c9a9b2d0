using System.Threading.Channels;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Rendering;
using k8s;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// Keeps one repository's Gateway API objects and their status in the cluster (<c>kubernetes.status</c>): after each
/// applied revision, on every watch event of an object of ours (a change or a deletion by someone else) and every
/// <see cref="ClusterStatusOptions.Resync"/>, the applied commit's objects are compared with the cluster and put
/// back (<see cref="ClusterStatusSync"/>). Git stays the source of truth: what is written is what was applied, never
/// the head of a branch that was refused. A writer: with leader election only the Lease holder runs it. A commit
/// applied with teams kept from earlier commits (<paramref name="keptTeams"/>: the apply state's kept folders and
/// their first errors) is written as it was applied (<see cref="KeptTeamObjects"/>); one that does not render whole
/// even so leaves the cluster as it is.
/// </summary>
internal sealed partial class ClusterStatusService(
    IKubernetes client,
    ClusterStatusOptions options,
    string repository,
    string targetBranch,
    ICommitSource source,
    PlanPublisher publisher,
    TimeProvider time,
    ILogger<ClusterStatusService> logger,
    Func<(string? Commit, IReadOnlyDictionary<string, string>? Kept, IReadOnlyDictionary<string, string>? Errors)>? keptTeams = null) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ClusterStatusSync _sync = new(client, options, repository, time, logger);

    /// <summary>The last pass's outcome (for status and tests), or null before the first.</summary>
    public ClusterStatusSync.Outcome? Last { get; private set; }

    /// <summary>The commit the cluster was last brought to.</summary>
    public string? SyncedCommit { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watches = GatewayApiKind.All.Select(k => new OwnedObjectWatch(client, k, repository, () => _changed.Writer.TryWrite(true), time, logger).RunAsync(stoppingToken)).ToList();
        (string Commit, DesiredObjects.Result? Objects)? desired = null;
        var lastPass = long.MinValue;
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var nudged = await WaitAsync(backoff > Tick ? backoff : Tick, stoppingToken);
            if (publisher.Current is not { } applied || stoppingToken.IsCancellationRequested)
            {
                continue;
            }

            var resync = lastPass == long.MinValue || time.GetElapsedTime(lastPass) >= options.Resync;
            if (!nudged && !resync && applied.Commit == SyncedCommit && backoff == TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                if (desired?.Commit != applied.Commit)
                {
                    desired = (applied.Commit, await DesiredAsync(applied.Commit, stoppingToken));
                }

                if (desired.Value.Objects is { } objects)
                {
                    Last = await _sync.SyncAsync(objects, stoppingToken);
                    LogSynced(logger, repository, ShortId.Commit(applied.Commit), Last.Written, Last.StatusWritten, Last.Deleted, Last.Refused.Count);
                }

                SyncedCommit = applied.Commit;
                lastPass = time.GetTimestamp();
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
                LogFailed(logger, repository, e.GetType().Name, e.Message, backoff.TotalSeconds);
            }
        }

        await Task.WhenAll(watches);
    }

    /// <summary>The objects of the applied commit; null when it does not render whole here (the cluster keeps what it has).</summary>
    private async Task<DesiredObjects.Result?> DesiredAsync(string commit, CancellationToken cancellationToken)
    {
        var (files, input) = await ReviewService.ReadCommitAsync(source, commit, targetBranch, cancellationToken);
        var result = ReviewService.RenderRead(PlanRenderer.Render, files, input);
        if (!result.HasErrors)
        {
            return DesiredObjects.Build(files.Files, result.Status, repository, options);
        }

        if (keptTeams?.Invoke() is { Commit: { } applied, Kept: { Count: > 0 } kept } state && applied == commit
            && await KeptTeamObjects.RenderAsync(source, input, kept, cancellationToken) is { } isolated)
        {
            return KeptTeamObjects.Mark(DesiredObjects.Build(isolated.Files, isolated.Result.Status, repository, options), commit, kept, state.Errors);
        }

        LogNotWhole(logger, repository, ShortId.Commit(commit));
        return null;
    }

    /// <summary>Waits for a watch event (then a short quiet time, so a burst is one pass) or the timeout; true when an event came.</summary>
    private async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _changed.Reader.ReadAsync(wait.Token);
            await Task.Delay(options.Debounce, time, cancellationToken);
            _changed.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }


    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster status {Repository}: commit {Commit}: {Written} objects written, {Statuses} statuses written, {Deleted} deleted, {Refused} refused")]
    private static partial void LogSynced(ILogger logger, string repository, string commit, int written, int statuses, int deleted, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster status {Repository}: writing failed ({Type}: {Error}); trying again in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, string repository, string type, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster status {Repository}: commit {Commit} was applied with teams kept from earlier commits and does not render whole here; the cluster keeps what it has")]
    private static partial void LogNotWhole(ILogger logger, string repository, string commit);
}
