using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>One aggressive collection when a burst of requests ends, and a timer that an idle node never runs.</summary>
public sealed class BurstEndCollectorTests
{
    [Fact]
    public void Tick_AfterABurstThatAllocatedEnough_CollectsOnceWhenAWholeIntervalIsQuiet()
    {
        var time = new HeldTimerTime();
        long allocated = 0;
        using var collector = new BurstEndCollector(time, () => allocated, () => { });
        collector.RequestStarted();
        Assert.Equal(BurstEndCollector.QuietInterval, time.Due);
        allocated += BurstEndCollector.BurstBytes;
        collector.RequestStarted();

        time.Fire(); // requests started during that interval: the burst goes on
        Assert.Equal(0, collector.Collections);
        Assert.Equal(BurstEndCollector.QuietInterval, time.Due);

        time.Fire(); // none during this one: the burst has ended

        Assert.Equal(1, collector.Collections);
        Assert.Equal(Timeout.InfiniteTimeSpan, time.Due); // and an idle node is not woken again
    }

    [Fact]
    public void Tick_AfterRequestsThatAllocatedLittle_CollectsNothingAndStops()
    {
        var time = new HeldTimerTime();
        long allocated = 0;
        using var collector = new BurstEndCollector(time, () => allocated, () => { });
        collector.RequestStarted();
        allocated += BurstEndCollector.BurstBytes - 1;
        time.Fire(); // the interval the request started in

        time.Fire();

        Assert.Equal(0, collector.Collections);
        Assert.Equal(Timeout.InfiniteTimeSpan, time.Due);
    }

    [Fact]
    public void RequestStarted_AfterTheTimerStopped_ArmsItAndTheNextBurstCountsFromTheLastCollection()
    {
        var time = new HeldTimerTime();
        long allocated = 0;
        using var collector = new BurstEndCollector(time, () => allocated, () => { });
        collector.RequestStarted();
        allocated += BurstEndCollector.BurstBytes;
        time.Fire();
        time.Fire();
        Assert.Equal(1, collector.Collections);

        collector.RequestStarted();
        Assert.Equal(BurstEndCollector.QuietInterval, time.Due);
        allocated += BurstEndCollector.BurstBytes / 2;
        time.Fire();
        time.Fire(); // quiet after half a burst since the last collection
        Assert.Equal(1, collector.Collections);
        Assert.Equal(Timeout.InfiniteTimeSpan, time.Due);

        collector.RequestStarted();
        allocated += BurstEndCollector.BurstBytes / 2;
        time.Fire();
        time.Fire();

        Assert.Equal(2, collector.Collections);
    }

    [Fact]
    public void Tick_ARequestStartedDuringTheCollection_KeepsTheTimerArmed()
    {
        // The request saw the timer armed and left arming to the tick; the tick must not stop with it pending.
        var time = new HeldTimerTime();
        long allocated = 0;
        BurstEndCollector? collector = null;
        collector = new BurstEndCollector(time, () => allocated, () => collector!.RequestStarted());
        collector.RequestStarted();
        allocated += BurstEndCollector.BurstBytes;
        time.Fire();

        time.Fire();

        Assert.Equal(1, collector.Collections);
        Assert.Equal(BurstEndCollector.QuietInterval, time.Due);
        collector.Dispose();
    }

    [Fact]
    public void ForRuntime_AtABurstsEnd_RunsAFullBlockingCollection()
    {
        var time = new HeldTimerTime();
        using var collector = BurstEndCollector.ForRuntime(time);
        collector.RequestStarted();
        for (var i = 0; i < 80; i++)
        {
            GC.KeepAlive(new byte[1 << 20]);
        }

        time.Fire();
        var before = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;

        time.Fire();

        Assert.Equal(1, collector.Collections);
        Assert.True(GC.GetGCMemoryInfo(GCKind.FullBlocking).Index > before);
    }
}
