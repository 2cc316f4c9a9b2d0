using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Keeps a node's background loops running: a loop that throws, or returns while the node is not stopping, is
/// logged, counted (<c>gitgateway_proxy_loop_restarts_total{loop}</c>) and started again after a backoff (200 ms
/// doubling to 30 s, back to 200 ms after a minute without failing). Only the node's stopping ends it, so no loop
/// can die silently and stopping never meets a faulted loop.
/// </summary>
internal sealed partial class LoopSupervisor(ProxyMetrics metrics, TimeProvider time, ILogger<LoopSupervisor> logger)
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Healthy = TimeSpan.FromMinutes(1);

    public async Task RunAsync(string name, Func<CancellationToken, Task> loop, CancellationToken stopping)
    {
        var backoff = MinBackoff;
        while (!stopping.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await loop(stopping);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                LogEnded(logger, name);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The top of a loop: whatever it was, it is logged and the loop runs again.
                LogFailed(logger, name, e.GetType().Name, e.Message, e);
            }

            metrics.LoopRestarted(name);
            backoff = time.GetElapsedTime(started) > Healthy ? MinBackoff : backoff;
            try
            {
                await Task.Delay(backoff, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "background loop {Loop} failed ({Type}: {Error}); restarting it")]
    private static partial void LogFailed(ILogger logger, string loop, string type, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "background loop {Loop} ended while the node runs; restarting it")]
    private static partial void LogEnded(ILogger logger, string loop);
}
