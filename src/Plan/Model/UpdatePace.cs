namespace GitGateway.Plan.Model;

/// <summary>
/// How fast a speaker may change what a peer sees: a token bucket of prefix changes (announcements and
/// withdrawals alike), so a flapping fleet cannot storm the router.
/// </summary>
/// <param name="PrefixesPerSecond">Changes per second once the burst is spent (at least 1).</param>
/// <param name="Burst">Changes sent at once after a quiet period (at least 1).</param>
public sealed record UpdatePace(int PrefixesPerSecond, int Burst)
{
    /// <summary>The pace when a plan names none: 20 changes a second, 20 at once.</summary>
    public static UpdatePace Default { get; } = new(20, 20);
}
