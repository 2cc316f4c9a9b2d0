using System.Diagnostics;
using System.Text;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// A node takes at most <see cref="ControlPlaneOptions.MaxPlanBytes"/> of a plan from its control plane (a raw-socket
/// server here, so the test writes every byte of the answer): a larger long-poll answer (announced by Content-Length,
/// or a body that just goes on) or plan event is a failed poll, and the source backs off and asks again, yielding
/// nothing; the same answer within the limit is a plan.
/// </summary>
public sealed class ControlPlanePlanSourceLimitTests
{
    private const int Limit = 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Answers => ["content-length", "until-close", "event-stream"];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task WatchAsync_PlanLargerThanLimit_FailedPollsNoPlan(string answer)
    {
        await using var server = new RawHttpBackend(_ => Answer(answer, padding: 2 * Limit), TimeSpan.FromSeconds(5));
        var source = Source(server, answer, Limit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var plans = source.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = plans.MoveNextAsync().AsTask();

        var waited = Stopwatch.StartNew();
        while (source.ConsecutiveFailures < 2 && !next.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10, Token);
        }

        Assert.False(next.IsCompleted, "a plan over the limit was taken");
        Assert.True(source.ConsecutiveFailures >= 2, $"{source.ConsecutiveFailures} failed polls");
        Assert.True(server.Requests >= 2, $"{server.Requests} requests");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await plans.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task WatchAsync_SamePlanWithinLimit_Yielded(string answer)
    {
        await using var server = new RawHttpBackend(_ => Answer(answer, padding: 2 * Limit), TimeSpan.FromSeconds(5));
        var source = Source(server, answer, 4 * Limit);
        await using var plans = source.WatchAsync(Token).GetAsyncEnumerator(Token);

        Assert.True(await plans.MoveNextAsync());
        Assert.Equal("test", plans.Current.Plan.Source);
        Assert.Equal(0, source.ConsecutiveFailures);
    }

    private static ControlPlanePlanSource Source(RawHttpBackend server, string answer, int limit) =>
        new(new HttpClient(), new ControlPlaneOptions(new Uri($"http://{server.Authority}/"), "node-a", "token", WaitSeconds: 1)
        {
            ServerSentEvents = answer == "event-stream",
            Deltas = false,
            MaxPlanBytes = limit,
        }, TimeProvider.System);

    /// <summary>A valid plan followed by <paramref name="padding"/> spaces (still valid JSON), answered three ways.</summary>
    private static RawAnswer Answer(string answer, int padding)
    {
        var plan = Encoding.ASCII.GetString(PlanJson.ToCanonicalBytes(Plans.Of(Plans.Http(80)))) + new string(' ', padding);
        return answer switch
        {
            "content-length" => new RawAnswer($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Plan-Hash: h\r\nContent-Length: {plan.Length}\r\n\r\n{plan}"),
            "until-close" => new RawAnswer($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Plan-Hash: h\r\nConnection: close\r\n\r\n{plan}", Close: true),
            _ => new RawAnswer($"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\nid: h\ndata: {plan}\n\n", Close: true),
        };
    }
}
