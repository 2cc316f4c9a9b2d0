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
}
