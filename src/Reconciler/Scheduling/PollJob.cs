using GitGateway.Reconciler.Hosting;
using Quartz;

namespace GitGateway.Reconciler.Scheduling;

/// <summary>The poll: after a random delay of up to a tenth of the interval (so replicas do not fetch in step), queue a full reconcile.</summary>
[DisallowConcurrentExecution]
internal sealed class PollJob : IJob
{
    public const string QueueKey = "queue";
    public const string JitterKey = "jitterMs";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!context.MergedJobDataMap.TryGetValue(QueueKey, out var value) || value is not ReconcileQueue queue)
        {
            return;
        }

        var jitter = context.MergedJobDataMap.TryGetValue(JitterKey, out var j) && j is int ms ? ms : 0;
        if (jitter > 0)
        {
            await Task.Delay(Random.Shared.Next(jitter), cancellationToken);
        }

        queue.Enqueue(new ReconcileRequest("poll"));
    }
}
