namespace GitGateway.Fixtures;

/// <summary>
/// Waits for a condition with a bounded time; fails with the description when it never holds. The default bound is
/// longer than the control-plane fixture's apply timeout, so a check that waits for a silent node is still seen.
/// </summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, string description, int timeoutMs = 60_000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(() => Task.FromResult(condition()), description, timeoutMs);
    }

    /// <summary>The same for a condition that has to ask something (a request, a file) to know.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, int timeoutMs = 60_000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }

        Xunit.Assert.Fail("timed out waiting for: " + description);
    }
}
