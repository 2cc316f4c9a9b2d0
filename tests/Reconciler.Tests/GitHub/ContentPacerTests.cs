using GitGateway.Reconciler.GitHub;

namespace GitGateway.Reconciler.Tests.GitHub;

public sealed class ContentPacerTests
{
    [Fact]
    public void Reserve_200AtOnce_NoMinuteHoldsMoreThan80()
    {
        var clock = new FrozenTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var pacer = new ContentPacer(clock);

        var sendAt = Enumerable.Range(0, 200).Select(_ => pacer.Reserve()).ToList();

        Assert.All(sendAt.Take(ContentPacer.Burst), d => Assert.Equal(TimeSpan.Zero, d));
        var busiest = sendAt.Max(start => sendAt.Count(d => d >= start && d < start + TimeSpan.FromMinutes(1)));
        Assert.InRange(busiest, 1, 80);
        Assert.True(sendAt[^1] >= TimeSpan.FromMinutes(2), $"the 200th request may go at {sendAt[^1]}");
    }

    [Fact]
    public void Reserve_AfterAQuietMinute_BurstIsAvailableAgain()
    {
        var clock = new FrozenTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var pacer = new ContentPacer(clock);
        for (var i = 0; i < 30; i++)
        {
            pacer.Reserve();
        }

        clock.Now += TimeSpan.FromMinutes(5);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
    }

    private sealed class FrozenTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
