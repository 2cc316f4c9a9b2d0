namespace GitGateway.Proxy.Tests.Support;

/// <summary>A clock moved only by the test, whose first timer (the one under test) fires only when the test says; later ones (a connect's timeout) are real.</summary>
internal sealed class HeldTimerTime : TimeProvider
{
    private long _ticks = 1;
    private TimerCallback? _callback;
    private object? _state;

    public TimeSpan Due { get; private set; } = Timeout.InfiniteTimeSpan;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;

    public void Fire()
    {
        Assert.NotEqual(Timeout.InfiniteTimeSpan, Due);
        Due = Timeout.InfiniteTimeSpan;
        _callback!(_state);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (_callback is not null)
        {
            return base.CreateTimer(callback, state, dueTime, period); // a connect's timeout
        }

        (_callback, _state, Due) = (callback, state, dueTime);
        return new Held(this);
    }

    private sealed class Held(HeldTimerTime owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Due = dueTime;
            return true;
        }

        public void Dispose() => owner.Due = Timeout.InfiniteTimeSpan;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
