using GitGateway.Conformance.Tests.Running;

namespace GitGateway.Conformance.Tests.Harness;

/// <summary>
/// "Eventually, and then consistently": the bound limits how long a request may take to start passing; a streak
/// under way finishes even past it (a loaded machine makes every attempt slow), and a failure is still caught.
/// </summary>
public sealed class ConvergeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InARow_StreakStartedBeforeTheBoundEndsAfterIt_Passes()
    {
        var attempts = 0;

        // A zero bound has passed by the time the first attempt ends: the two more it takes are past it.
        var result = await Converge.InARowAsync(3, _ => Task.FromResult<string?>(++attempts > 0 ? null : "unreachable"), TimeSpan.Zero, Ct);

        Assert.Null(result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task InARow_PassThenFailPastTheBound_FailsWithTheLastProblem()
    {
        var attempts = 0;

        var result = await Converge.InARowAsync(3, _ => Task.FromResult(++attempts == 1 ? null : $"attempt {attempts} served by the wrong pod"), TimeSpan.Zero, Ct);

        Assert.Equal("attempt 2 served by the wrong pod", result);
        Assert.Equal(2, attempts);
    }
}
