namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Waits for a condition with a bounded time; fails with the description when it never holds. The default bound is
/// longer than the fixture's apply timeout, so a check that waits for a silent node is still seen.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string description, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail("timed out waiting for: " + description);
    }
}
