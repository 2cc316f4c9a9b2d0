using Quartz;

namespace GitGateway.Reconciler.Scheduling;

/// <summary>
/// A freeze window from <c>gitgateway.yaml</c>: it opens at every fire time of a Quartz cron expression (UTC) and
/// stays open for <see cref="Duration"/>. Merges while it is open are planned but not applied.
/// https://www.quartz-scheduler.net/documentation/quartz-3.x/tutorial/crontriggers.html
/// </summary>
internal sealed record FreezeWindow(string Schedule, TimeSpan Duration, string Reason)
{
    /// <summary>When the window that is open at <paramref name="now"/> closes, or null when none is open.</summary>
    public DateTimeOffset? OpenUntil(DateTimeOffset now)
    {
        var cron = new CronExpression(Schedule, TimeZoneInfo.Utc);
        // The latest opening that could still be open is the first fire time after now - duration.
        var opened = cron.GetNextValidTimeAfter(now - Duration - TimeSpan.FromSeconds(1));
        return opened is { } o && o <= now && now < o + Duration ? o + Duration : null;
    }
}
