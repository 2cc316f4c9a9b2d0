using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Tests.Admission;

/// <summary>
/// The shedder samples memory on demand, at most every 250 ms and only when a request asks, so an idle node has no
/// timer of it to wake for; under memory pressure it still sheds from the first request after the pressure is seen.
/// </summary>
public sealed class LoadShedderTests
{
    private const long Threshold = 100 * 1024 * 1024;

    [Fact]
    public void MemoryRisesAboveThreshold_RequestAfterSampleInterval_IsShedAndStateShows()
    {
        var time = new ManualTime();
        var memory = new MemoryReading(Threshold / 2);
        var counters = new OverloadCounters();
        var shedder = Create(time, memory, counters);
        Assert.Null(shedder.Trigger(time.GetTimestamp()));

        memory.Bytes = Threshold * 2;
        var withinInterval = shedder.Trigger(time.Advance(TimeSpan.FromMilliseconds(100)));
        var afterInterval = shedder.Trigger(time.Advance(TimeSpan.FromMilliseconds(150)));

        Assert.Null(withinInterval); // the cached sample, not a read per request
        Assert.Equal(OverloadCounters.Memory, afterInterval);
        Assert.Equal(2, memory.Reads);
        Assert.Contains("gitgateway_proxy_overload_active{trigger=\"memory\"} 1\n", Render(counters), StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryFallsBelowThreshold_RequestAfterSampleInterval_IsServedAgain()
    {
        var time = new ManualTime();
        var memory = new MemoryReading(Threshold * 2);
        var counters = new OverloadCounters();
        var shedder = Create(time, memory, counters);
        Assert.Equal(OverloadCounters.Memory, shedder.Trigger(time.GetTimestamp()));

        memory.Bytes = Threshold / 2;
        var trigger = shedder.Trigger(time.Advance(TimeSpan.FromMilliseconds(250)));

        Assert.Null(trigger);
        Assert.Contains("gitgateway_proxy_overload_active{trigger=\"memory\"} 0\n", Render(counters), StringComparison.Ordinal);
    }

    [Fact]
    public void NoRequests_HourPasses_NoTimerCreatedAndMemoryNeverRead()
    {
        var time = new ManualTime();
        var memory = new MemoryReading(Threshold * 2);
        var shedder = Create(time, memory, new OverloadCounters());

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, time.TimersCreated);
        Assert.Equal(0, memory.Reads);
        Assert.Equal(OverloadCounters.Memory, shedder.Trigger(time.GetTimestamp())); // the first request after the hour samples
        Assert.Equal(1, memory.Reads);
        Assert.Equal(0, time.TimersCreated);
    }

    private static LoadShedder Create(ManualTime time, MemoryReading memory, OverloadCounters counters)
    {
        var limits = ConnectionLimits.Default with { ShedMemoryBytes = Threshold };
        return new LoadShedder(limits, new ConnectionGate(limits, new ProxyMetrics()), counters, time, memory.Read);
    }

    private static string Render(OverloadCounters counters)
    {
        var text = new System.Text.StringBuilder();
        counters.Render(text);
        return text.ToString();
    }

    /// <summary>A clock moved only by the test, counting the timers asked of it.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _timestamp = 1_000_000;

        public int TimersCreated { get; private set; }

        public override long GetTimestamp() => _timestamp;

        public long Advance(TimeSpan by) => _timestamp += (long)(by.TotalSeconds * TimestampFrequency);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class MemoryReading(long bytes)
    {
        public long Bytes { get; set; } = bytes;

        public int Reads { get; private set; }

        public long Read()
        {
            Reads++;
            return Bytes;
        }
    }
}
