using System.Diagnostics;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// Upstream's "eventually, and then consistently": an attempt must pass a number of times in a row within a
/// bound (upstream: 3 in a row within 30 s; here a few seconds, since the proxy is ready before traffic starts).
/// </summary>
internal static class Converge
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(4);

    public static async Task<string?> InARowAsync(int times, Func<CancellationToken, Task<string?>> attempt, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var streak = 0;
        string? last = null;
        while (clock.Elapsed < Bound)
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

        return last ?? "did not pass consistently in time";
    }
}
