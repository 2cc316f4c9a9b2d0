using System.Net;
using System.Net.Sockets;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1ConnectionPoolTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryTakeIdle_BackendClosedTheIdleConnection_ClosedNotHandedOut()
    {
        using var listener = Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(TimeProvider.System);
        var connection = await pool.ConnectAsync(endpoint, Token);
        using (var server = await listener.AcceptAsync(Token))
        {
            pool.Return(connection);
            server.Shutdown(SocketShutdown.Both); // the backend's keep-alive timeout: FIN while the connection is idle
        }

        await WaitReadableAsync(connection);

        Assert.Null(pool.TryTakeIdle(endpoint));
        Assert.Equal(0, pool.IdleCount(endpoint));
    }

    [Fact]
    public async Task TryTakeIdle_BackendSentBytesUnasked_ClosedNotHandedOut()
    {
        using var listener = Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(TimeProvider.System);
        var connection = await pool.ConnectAsync(endpoint, Token);
        using var server = await listener.AcceptAsync(Token);
        pool.Return(connection);
        await server.SendAsync("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"u8.ToArray(), Token);

        await WaitReadableAsync(connection);

        Assert.Null(pool.TryTakeIdle(endpoint));
    }

    [Fact]
    public async Task TryTakeIdle_IdleConnectionTheBackendKeeps_HandedOut()
    {
        using var listener = Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(TimeProvider.System);
        using var connection = await pool.ConnectAsync(endpoint, Token);
        using var server = await listener.AcceptAsync(Token);
        pool.Return(connection);

        Assert.Same(connection, pool.TryTakeIdle(endpoint));
    }

    [Fact]
    public void TryTakeIdle_IdlePastTheHttp1Bound_NotReusedThoughBelowTheIdleTimeout()
    {
        // The default HTTP/1.1 bound (4 s) is below the 5 s keep-alive of Node.js and Apache httpd, and below the
        // 90 s idle timeout that HTTP/2 keeps.
        var time = new SteppedTime();
        using var pool = new Http1ConnectionPool(time);
        var connection = new Http1Connection(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), "127.0.0.1:1") { OpenedAt = time.GetTimestamp() };
        pool.Return(connection);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(pool.TryTakeIdle("127.0.0.1:1"));
    }

    private static Socket Listen(out string endpoint)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        endpoint = $"127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        return listener;
    }

    /// <summary>Waits (bounded by the test's token) until what the backend sent has reached the idle socket.</summary>
    private static async Task WaitReadableAsync(Http1Connection connection)
    {
        while (connection.LooksAlive())
        {
            await Task.Delay(1, Token);
        }
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
