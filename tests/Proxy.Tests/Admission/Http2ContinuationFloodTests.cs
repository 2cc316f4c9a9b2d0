using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.RawHttp2Connection;

namespace GitGateway.Proxy.Tests.Admission;

/// <summary>
/// The CONTINUATION flood (CVE-2024-27316 class): a HEADERS frame without END_HEADERS, then CONTINUATION frames
/// that never end the block. Empty ones add no header bytes, so a size limit alone never trips: without the guard,
/// Kestrel took the two million frames this test sends and closed only at its request-headers timeout (15 s).
/// </summary>
public sealed class Http2ContinuationFloodTests
{
    private const int Batch = 1_000;
    private const int MaxFramesSent = 2_000_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmptyContinuationFlood_ConnectionIsClosedWithinBound()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ConnectionLimitTests.StartAsync(backend, ConnectionLimits.Default, 80);
        using var connection = await OpenAsync(proxy.LocalPort(80), Token);
        await connection.Stream.WriteAsync(Frame(Headers, EndStream, 1, GetBlock("a.test")), Token);
        var reading = ReadUntilClosedAsync(connection);
        var batch = new byte[9 * Batch];
        for (var i = 0; i < Batch; i++)
        {
            Frame(Continuation, 0, 1, []).CopyTo(batch, i * 9);
        }

        var sent = 0;
        while (!reading.IsCompleted && sent < MaxFramesSent)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
            bound.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await connection.Stream.WriteAsync(batch, bound.Token);
                sent += Batch;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && !Token.IsCancellationRequested)
            {
                break;
            }
        }

        Assert.True(await reading, $"not closed after {sent} CONTINUATION frames");
        Assert.True(sent < MaxFramesSent, $"still open after {sent} CONTINUATION frames");
        Assert.Empty(backend.Seen);
        Assert.Contains("gitgateway_proxy_http2_header_floods_total 1\n", proxy.Node.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderBlockEndedByContinuation_IsServed()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ConnectionLimitTests.StartAsync(backend, ConnectionLimits.Default, 80);
        using var connection = await OpenAsync(proxy.LocalPort(80), Token);
        var block = GetBlock("a.test");

        await connection.Stream.WriteAsync(Frame(Headers, EndStream, 1, block.AsSpan(0, 3)), Token);
        for (var i = 0; i < 10; i++)
        {
            await connection.Stream.WriteAsync(Frame(Continuation, 0, 1, []), Token);
        }

        await connection.Stream.WriteAsync(Frame(Continuation, EndHeaders, 1, block.AsSpan(3)), Token);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        while (await connection.ReadFrameAsync(bound.Token) is { } frame)
        {
            if (frame.Type == Headers && frame.Stream == 1)
            {
                Assert.Equal(0x88, frame.Payload[0]); // :status 200, static table index 8
                Assert.Single(backend.Seen);
                return;
            }
        }

        Assert.Fail("no response headers on stream 1");
    }

    /// <summary>True when the server closes or resets the connection (a GOAWAY before it is allowed) within 30 s.</summary>
    private static async Task<bool> ReadUntilClosedAsync(RawHttp2Connection connection)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (await connection.ReadFrameAsync(bound.Token) is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            return false;
        }
    }
}
