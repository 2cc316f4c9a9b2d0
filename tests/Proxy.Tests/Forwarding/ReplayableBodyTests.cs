using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class ReplayableBodyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<byte[]> ReadAllAsync(Stream stream, int chunk = 1000)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer, Token)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    [Fact]
    public async Task NextTry_BodyWithinTheBound_EveryTryReadsTheSameBytes()
    {
        var body = new byte[10_000];
        Random.Shared.NextBytes(body);
        using var replay = ReplayableBody.TryCreate(new MemoryStream(body), contentLength: null)!;

        var first = await ReadAllAsync(replay.NextTry());
        var second = await ReadAllAsync(replay.NextTry());

        Assert.True(replay.CanReplay);
        Assert.Equal(body, first);
        Assert.Equal(body, second);
    }

    [Fact]
    public async Task NextTry_RetryAfterAPartialFirstTry_ReplaysThenContinuesFromTheClient()
    {
        var body = new byte[30_000];
        Random.Shared.NextBytes(body);
        using var replay = ReplayableBody.TryCreate(new MemoryStream(body), body.Length)!;
        var first = replay.NextTry();
        var partial = new byte[4096];
        await first.ReadExactlyAsync(partial, Token);

        var second = await ReadAllAsync(replay.NextTry(), chunk: 7000);

        Assert.Equal(body, second);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first.ReadExactlyAsync(partial, Token)); // superseded
    }

    [Fact]
    public async Task NextTry_ChunkedBodyPastTheBound_FirstTryGetsItAllButNoReplay()
    {
        var body = new byte[ReplayableBody.Bound + 1];
        Random.Shared.NextBytes(body);
        using var replay = ReplayableBody.TryCreate(new MemoryStream(body), contentLength: null)!;

        var first = await ReadAllAsync(replay.NextTry(), chunk: 16 * 1024);

        Assert.Equal(body, first);
        Assert.False(replay.CanReplay);
        await Assert.ThrowsAsync<IOException>(async () => await ReadAllAsync(replay.NextTry()));
    }

    [Fact]
    public void TryCreate_ContentLengthAboveTheBound_IsNotRecorded()
    {
        Assert.Null(ReplayableBody.TryCreate(new MemoryStream(), ReplayableBody.Bound + 1));
        Assert.NotNull(ReplayableBody.TryCreate(new MemoryStream(), ReplayableBody.Bound));
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(ReplayableBody.Bound, false)]
    public async Task ClaimRetry_WhileTheTryHasAReadInFlight_DecidesOnWhatThatReadBrings(int inFlight, bool replayable)
    {
        var source = new GatedStream();
        using var replay = ReplayableBody.TryCreate(source, contentLength: null)!;
        var first = replay.NextTry();
        source.Next.SetResult(new byte[1000]);
        Assert.Equal(1000, await first.ReadAsync(new byte[ReplayableBody.Bound], Token));
        var pending = first.ReadAsync(new byte[ReplayableBody.Bound], Token).AsTask(); // waits for the client

        var claim = replay.ClaimRetryAsync(Token).AsTask();
        Assert.False(claim.IsCompleted); // the read in flight decides
        source.Next.SetResult(new byte[inFlight]);

        Assert.Equal(inFlight, await pending);
        Assert.Equal(replayable, await claim);
        Assert.Equal(replayable, replay.CanReplay);
        if (replayable)
        {
            // The first try stops reading; the retry replays everything the first try took, then reads on.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first.ReadExactlyAsync(new byte[1], Token));
            source.Next.SetResult([]);
            Assert.Equal(1000 + inFlight, (await ReadAllAsync(replay.NextTry())).Length);
        }
        else
        {
            // Nothing to replay: the first try goes on as the last one.
            source.Next.SetResult([7]);
            Assert.Equal(1, await first.ReadAsync(new byte[10], Token));
        }
    }

    [Fact]
    public async Task ClaimRetry_RequestEndsWhileAReadIsInFlight_NoRetry()
    {
        var source = new GatedStream();
        using var replay = ReplayableBody.TryCreate(source, contentLength: null)!;
        var pending = replay.NextTry().ReadAsync(new byte[100], Token).AsTask();
        using var ended = new CancellationTokenSource();
        var claim = replay.ClaimRetryAsync(ended.Token).AsTask();

        await ended.CancelAsync();

        Assert.False(await claim);
        source.Next.SetResult([]);
        Assert.Equal(0, await pending);
    }

    /// <summary>A client body whose every read waits for the test to hand it the next bytes.</summary>
    private sealed class GatedStream : GitGateway.Proxy.Forwarding.ReadOnlyBodyStream
    {
        private TaskCompletionSource<byte[]> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<byte[]> Next => _next;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var bytes = await _next.Task.WaitAsync(cancellationToken);
            _next = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            bytes.CopyTo(buffer);
            return bytes.Length;
        }
    }
}
