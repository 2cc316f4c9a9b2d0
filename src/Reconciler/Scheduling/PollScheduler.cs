using GitGateway.Reconciler.Hosting;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace GitGateway.Reconciler.Scheduling;

/// <summary>Runs <see cref="PollJob"/> every interval (default 60 s) with Quartz, in its own in-memory scheduler.</summary>
internal sealed class PollScheduler(ReconcileQueue queue, TimeSpan interval) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await QuartzSchedulerBuilder
            .Create(q => q
                .ConfigureScheduler(o => o.InstanceName = "gitgateway-poll-" + Guid.NewGuid().ToString("N"))
                .UseDefaultThreadPool(maxConcurrency: 1)
                .UseInMemoryStore(_ => { }))
            .BuildScheduler(cancellationToken);
        var job = JobBuilder.Create<PollJob>().WithIdentity("poll").Build();
        job.JobDataMap.Add(PollJob.QueueKey, queue);
        job.JobDataMap.Add(PollJob.JitterKey, (int)(interval.TotalMilliseconds / 10));
        var trigger = TriggerBuilder.Create()
            .WithIdentity("poll")
            .StartAt(DateTimeOffset.UtcNow + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
        await _scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
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
