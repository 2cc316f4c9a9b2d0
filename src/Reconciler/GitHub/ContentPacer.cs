namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Paces content-creating requests (POST, PATCH, PUT, DELETE) under GitHub's secondary limit of 80 a minute: a
/// token bucket of <see cref="Burst"/> refilled at <see cref="PerMinute"/> a minute, so no 60-second window holds
/// more than <c>Burst + PerMinute</c> = 80. Each call reserves the next free slot and says how long to wait for it.
/// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
/// </summary>
internal sealed class ContentPacer(TimeProvider time)
{
    public const int Burst = 10;
    public const int PerMinute = 70;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1) / PerMinute;
    private readonly Lock _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Reserves one request; returns how long to wait before sending it (zero while the bucket has tokens).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            // The generic cell rate algorithm: _next is when the bucket would hold no debt; a request may go as soon
            // as that is at most Burst - 1 intervals ahead.
            var now = time.GetUtcNow();
            var next = _next < now ? now : _next;
            var sendAt = next - ((Burst - 1) * Interval);
            _next = next + Interval;
            return sendAt > now ? sendAt - now : TimeSpan.Zero;
        }
    }

    public static bool IsContentCreating(HttpMethod method) => method != HttpMethod.Get && method != HttpMethod.Head;
}
