using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// List, then watch from the list's resourceVersion, as an informer does (the client has none): BOOKMARK events move
/// the version on without a change; a watch that ends is resumed from the last version; 410 Gone (the version was
/// compacted away) lists again; failures wait a growing back-off (0.2 s doubling to 30 s, with jitter) before the next
/// try. Until the first list succeeds the sink keeps what it had, so a node without API access keeps its fallback.
/// </summary>
internal sealed partial class KubeWatchLoop<T>(
    string what,
    Func<CancellationToken, Task<(IList<T> Items, string Version)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchChange Type, T Item)>> watch,
    IWatchSink<T> sink,
    TimeProvider time,
    ILogger logger)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then ends quietly (no fault), as the node stops its loops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ListAndWatchAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: a list or watch in flight ends in its cancellation
        }
    }

    private async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            string version;
            try
            {
                var listed = await list(cancellationToken);
                sink.Reset(listed.Items);
                version = listed.Version;
                LogListed(logger, what, listed.Items.Count, version);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogListFailed(logger, what, e.GetType().Name, e.Message);
                backoff = await WaitAsync(backoff, cancellationToken);
                continue;
            }

            backoff = await WatchUntilGoneAsync(version, FirstBackoff, cancellationToken);
        }
    }

    /// <summary>Watches (resuming after every end) until the version is gone; returns the back-off to list with.</summary>
    private async Task<TimeSpan> WatchUntilGoneAsync(string version, TimeSpan backoff, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var gone = false;
            var events = 0;
            try
            {
                void OnError(Exception e)
                {
                    if (e is KubernetesException { Status.Code: 410 })
                    {
                        gone = true;
                    }
                    else
                    {
                        LogWatchError(logger, what, e.GetType().Name, e.Message);
                    }
                }

                await foreach (var (type, item) in watch(version, OnError, cancellationToken))
                {
                    events++;
                    version = item.Metadata?.ResourceVersion ?? version;
                    if (type is WatchChange.Added or WatchChange.Modified or WatchChange.Deleted)
                    {
                        sink.Apply(type, item);
                    }
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogWatchError(logger, what, e.GetType().Name, e.Message);
            }

            if (gone)
            {
                LogGone(logger, what, version);
                return FirstBackoff;
            }

            // A watch that ended at once, or failed, waits before the next; one that carried events resumes now.
            backoff = events > 0 ? FirstBackoff : await WaitAsync(backoff, cancellationToken);
        }

        return backoff;
    }

    private async Task<TimeSpan> WaitAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        var jittered = backoff * (0.8 + (0.4 * Random.Shared.NextDouble()));
        try
        {
            await Task.Delay(jittered, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        return backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{What}: listed {Count} at version {Version}")]
    private static partial void LogListed(ILogger logger, string what, int count, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: list failed ({Type}: {Error}); retrying")]
    private static partial void LogListFailed(ILogger logger, string what, string type, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: watch failed ({Type}: {Error}); resuming")]
    private static partial void LogWatchError(ILogger logger, string what, string type, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What}: version {Version} is gone (410); listing again")]
    private static partial void LogGone(ILogger logger, string what, string version);
}
