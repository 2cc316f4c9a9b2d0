namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>The system clock moved to another moment (and movable), with real timers: for freeze-window tests.</summary>
internal sealed class OffsetTimeProvider(DateTimeOffset startAt) : TimeProvider
{
    private TimeSpan _offset = startAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
