using GitGateway.Reconciler.Hosting;
using Quartz;

namespace GitGateway.Reconciler.Scheduling;

/// <summary>
/// Runs <see cref="PollJob"/> for each repository every its own interval (default 60 s), with Quartz, in one
/// in-memory scheduler of the process.
/// </summary>
internal sealed class PollScheduler(IReadOnlyList<(string Repository, ReconcileQueue Queue, TimeSpan Interval)> polls) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await QuartzSchedulerBuilder
            .Create(q => q
                .ConfigureScheduler(o => o.InstanceName = "gitgateway-poll-" + Guid.NewGuid().ToString("N"))
                // A job sleeps its jitter before it queues: one thread per repository (up to 8) keeps them from waiting on each other.
                .UseDefaultThreadPool(maxConcurrency: Math.Clamp(polls.Count, 1, 8))
                .UseInMemoryStore(_ => { }))
            .BuildScheduler(cancellationToken);
        foreach (var (repository, queue, interval) in polls)
        {
            var job = JobBuilder.Create<PollJob>().WithIdentity("poll-" + repository).Build();
            job.JobDataMap.Add(PollJob.QueueKey, queue);
            job.JobDataMap.Add(PollJob.JitterKey, (int)(interval.TotalMilliseconds / 10));
            var trigger = TriggerBuilder.Create()
                .WithIdentity("poll-" + repository)
                .StartAt(DateTimeOffset.UtcNow + interval)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
                .Build();
            await _scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
        }

        await _scheduler.Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }
}
