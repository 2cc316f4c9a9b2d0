using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Tests.Filters;

public sealed class MirrorBodySinkTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void TryWrite_MirrorReadsNothing_AbandonsAtTheBoundAndCancelsTheMirror()
    {
        using var cancel = new CancellationTokenSource();
        var abandoned = new List<string>();
        var sink = new MirrorBodySink("Service/infra/m1:8080", cancel, (_, reason) => abandoned.Add(reason));
        var chunk = new byte[16 * 1024];

        var accepted = 0;
        while (sink.TryWrite(chunk))
        {
            accepted++;
        }

        Assert.Equal((MirrorBodySink.Bound / chunk.Length) - 1, accepted); // the write that reaches the bound is the one refused
        Assert.True(sink.Abandoned);
        Assert.True(cancel.IsCancellationRequested);
        Assert.Equal([MirrorCounters.Behind], abandoned);
        Assert.False(sink.TryWrite(chunk));
    }

    [Fact]
    public async Task Finish_MirrorReadingAlong_GetsEveryByteThenTheEnd()
    {
        using var cancel = new CancellationTokenSource();
        var sink = new MirrorBodySink("Service/infra/m1:8080", cancel, (_, _) => { });
        var body = new byte[100_000];
        Random.Shared.NextBytes(body);

        Assert.True(sink.TryWrite(body.AsSpan(0, 60_000)));
        Assert.True(sink.TryWrite(body.AsSpan(60_000)));
        sink.Finish();
        using var copy = new MemoryStream();
        await sink.Body.CopyToAsync(copy, Token);

        Assert.Equal(body, copy.ToArray());
        Assert.False(sink.Abandoned);
    }

    [Fact]
    public void TryWrite_AfterTheMirrorRequestEnded_StopsWithoutAbandoning()
    {
        var abandoned = new List<string>();
        var sink = new MirrorBodySink("Service/infra/m1:8080", new CancellationTokenSource(), (_, reason) => abandoned.Add(reason));

        sink.Release();

        Assert.False(sink.TryWrite(new byte[10]));
        sink.Abandon(MirrorCounters.Ended);
        Assert.False(sink.Abandoned);
        Assert.Empty(abandoned);
    }
}
