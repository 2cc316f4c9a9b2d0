using System.Net.Sockets;
using GitGateway.Proxy.Forwarding.Http1;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

/// <summary>What an idle HTTP/1.1 connection holds (no read buffer unless a receive may still write it) and the timer that trims idle ones.</summary>
public sealed class Http1PoolIdleTests
{
    private static readonly byte[] Answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trim_ConnectionIdleThroughAnInterval_HoldsNoBufferAndItsNextTakeReceivesTheAnswerWhole()
    {
        var time = new HeldTimerTime();
        using var listener = Http1ConnectionPoolTests.Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(time, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5));
        using var connection = await pool.ConnectAsync(endpoint, Token);
        using var server = await listener.AcceptAsync(Token);
        pool.Return(connection);
        time.Fire();
        Assert.NotEmpty(connection.Buffer); // returned since the last tick: a request may take it with its buffer

        time.Fire();

        Assert.Empty(connection.Buffer); // given back to the array pool: nothing here refers to it any more
        Assert.Same(connection, pool.TryTakeIdle(endpoint));
        Assert.NotEmpty(connection.Buffer);
        await server.SendAsync(Answer, Token);
        var received = 0;
        while (received < Answer.Length)
        {
            received += connection.Commit(await connection.ReceiveAsync(64 * 1024, Token));
        }

        Assert.Equal(Answer, connection.Buffered.ToArray());
    }

    [Fact]
    public async Task Trim_UnusedConnectionWithTheReceivePostedAtItsTake_KeepsTheBufferThatReceiveWrites()
    {
        // A connection taken and given back before its request was written keeps the receive posted at the take:
        // the socket may write that buffer at any time, so no trim may give it to the array pool.
        var time = new HeldTimerTime();
        using var listener = Http1ConnectionPoolTests.Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(time, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5));
        var connection = await pool.ConnectAsync(endpoint, Token);
        using var server = await listener.AcceptAsync(Token);
        pool.Return(connection);
        Assert.Same(connection, pool.TryTakeIdle(endpoint));
        var posted = connection.Buffer;
        pool.Return(connection);

        time.Fire();
        time.Fire();

        Assert.Same(posted, connection.Buffer);
        Array.Clear(posted); // a rented array holds what its last renter left; nothing is received before the send below
        await server.SendAsync(Answer, Token);
        while (posted[Answer.Length - 1] == 0)
        {
            await Task.Delay(1, Token); // until the socket engine completes the posted receive (bounded by the test's token)
        }

        Assert.Equal(Answer, posted.AsSpan(0, Answer.Length).ToArray()); // written after the trims, into the kept buffer
        Assert.Null(pool.TryTakeIdle(endpoint));
    }

    [Fact]
    public void Return_FirstIdleConnection_ArmsTrimTicksUntilNoneIsIdle()
    {
        var time = new HeldTimerTime();
        using var pool = new Http1ConnectionPool(time, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal(Timeout.InfiniteTimeSpan, time.Due);

        pool.Return(new Http1Connection(socket, "127.0.0.1:1") { OpenedAt = time.GetTimestamp() });
        Assert.Equal(Http1ConnectionPool.TrimInterval, time.Due);
        time.Advance(TimeSpan.FromSeconds(1));
        time.Fire();
        Assert.False(socket.SafeHandle.IsClosed); // the only idle connection, within its idle timeout
        Assert.Equal(Http1ConnectionPool.TrimInterval, time.Due);
        time.Advance(TimeSpan.FromSeconds(3));
        time.Fire();

        Assert.True(socket.SafeHandle.IsClosed); // closed at its idle timeout though no request came to find it
        Assert.Equal(0, pool.IdleCount("127.0.0.1:1"));
        Assert.Equal(Timeout.InfiniteTimeSpan, time.Due); // none idle: the node no longer wakes for it
        var next = new Http1Connection(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), "127.0.0.1:1") { OpenedAt = time.GetTimestamp() };
        pool.Return(next);
        Assert.Equal(Http1ConnectionPool.TrimInterval, time.Due);
    }

    [Fact]
    public void Return_AfterThePoolIsDisposed_ClosesTheConnectionAndArmsNothing()
    {
        // A request that ends while the node shuts down: its connection is closed, and the disposed timer is not touched.
        var pool = new Http1ConnectionPool(TimeProvider.System);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        pool.Dispose();

        pool.Return(new Http1Connection(socket, "127.0.0.1:1"));

        Assert.True(socket.SafeHandle.IsClosed);
        Assert.Equal(0, pool.IdleCount("127.0.0.1:1"));
    }
}
