using System.Diagnostics;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// Upstream's "eventually, and then consistently": an attempt must pass a number of times in a row within a
/// bound (upstream: 3 in a row within 30 s; here a few seconds, since the proxy is ready before traffic starts).
/// The bound limits how long it may take to start passing, not a streak under way: on a loaded machine an attempt
/// can take longer than the bound, and a passing attempt that ends past it must not turn into a failure.
/// </summary>
internal static class Converge
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(4);

    /// <summary>How long one attempt waits for an answer: a loaded machine answers slowly, a wrong plan answers wrongly.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static Task<string?> InARowAsync(int times, Func<CancellationToken, Task<string?>> attempt, CancellationToken ct) =>
        InARowAsync(times, attempt, Bound, ct);

    /// <summary>Null once <paramref name="attempt"/> passed <paramref name="times"/> in a row, else the last failure.</summary>
    public static async Task<string?> InARowAsync(int times, Func<CancellationToken, Task<string?>> attempt, TimeSpan bound, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var streak = 0;
        string? last = null;
        do
        {
            last = await attempt(ct);
            if (last is null)
            {
                if (++streak >= times)
                {
                    return null;
                }

                continue;
            }

            streak = 0;
            await Task.Delay(100, ct);
        }
        while (streak > 0 || clock.Elapsed < bound);

        return last ?? "did not pass consistently in time";
    }
}
