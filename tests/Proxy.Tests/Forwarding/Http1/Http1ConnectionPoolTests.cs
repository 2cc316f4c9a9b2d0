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

    [Fact]
    public async Task TryTakeIdle_BackendClosesJustAfterTheTake_TheAnswersReceiveEndsClean()
    {
        // Reuse at the instant of close: the take found the connection open, the FIN comes before the answer. The
        // receive posted at the take ends with nothing read, which the exchange treats as a stale connection (a
        // request without a body goes once more on a new connection), and not as an answer.
        using var idle = await OneIdle.StartAsync();
        Assert.Same(idle.Connection, idle.Pool.TryTakeIdle(idle.Endpoint));

        idle.Server.Shutdown(SocketShutdown.Both);

        Assert.Equal(0, await idle.Connection.ReceiveAsync(64 * 1024, Token));
        Assert.Equal(0, idle.Connection.End);
    }

    [Fact]
    public async Task ReceiveAsync_TakenConnection_TheReceivePostedAtTheTakeGivesTheAnswerWhole()
    {
        using var idle = await OneIdle.StartAsync();
        Assert.Same(idle.Connection, idle.Pool.TryTakeIdle(idle.Endpoint));
        var answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();

        await idle.Server.SendAsync(answer, Token);
        var received = 0;
        while (received < answer.Length)
        {
            received += idle.Connection.Commit(await idle.Connection.ReceiveAsync(64 * 1024, Token));
        }

        Assert.Equal(answer, idle.Connection.Buffered.ToArray());
    }

    [Fact]
    public async Task ReceiveAsync_RequestCancelledWhileThePostedReceiveWaits_EndsTheWaitAndTheConnection()
    {
        // The receive posted at the take carries no token: cancelling the request must still end the wait.
        using var idle = await OneIdle.StartAsync();
        Assert.Same(idle.Connection, idle.Pool.TryTakeIdle(idle.Endpoint));
        using var request = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var receive = idle.Connection.ReceiveAsync(64 * 1024, request.Token).AsTask();
        Assert.False(receive.IsCompleted);

        await request.CancelAsync();

        var failure = await Record.ExceptionAsync(() => receive);
        Assert.True(failure is SocketException or ObjectDisposedException or OperationCanceledException, failure?.ToString());
        Assert.False(idle.Connection.LooksAlive());
    }

    [Fact]
    public async Task Return_ConnectionGivenBackUnused_ItsPendingReceiveStillSeesUnaskedBytes()
    {
        // A connection taken and given back without a request (its head could not be written) keeps the receive
        // posted at the take; what the backend sends after that still takes it out of use at the next take.
        using var idle = await OneIdle.StartAsync();
        Assert.Same(idle.Connection, idle.Pool.TryTakeIdle(idle.Endpoint));
        idle.Pool.Return(idle.Connection);

        await idle.Server.SendAsync("HTTP/1.1 408 Request Timeout\r\n\r\n"u8.ToArray(), Token);
        await WaitReadableAsync(idle.Connection);

        Assert.Null(idle.Pool.TryTakeIdle(idle.Endpoint));
        Assert.Equal(0, idle.Pool.IdleCount(idle.Endpoint));
    }

    internal static Socket Listen(out string endpoint)
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

    /// <summary>A pool holding one idle connection to a listening socket, and the backend's side of that connection.</summary>
    private sealed class OneIdle : IDisposable
    {
        private readonly Socket _listener;

        private OneIdle(Socket listener, string endpoint, Http1ConnectionPool pool, Http1Connection connection, Socket server) =>
            (_listener, Endpoint, Pool, Connection, Server) = (listener, endpoint, pool, connection, server);

        public string Endpoint { get; }

        public Http1ConnectionPool Pool { get; }

        public Http1Connection Connection { get; }

        public Socket Server { get; }

        public static async Task<OneIdle> StartAsync()
        {
            var listener = Listen(out var endpoint);
            var pool = new Http1ConnectionPool(TimeProvider.System);
            var connection = await pool.ConnectAsync(endpoint, Token);
            var server = await listener.AcceptAsync(Token);
            pool.Return(connection);
            return new OneIdle(listener, endpoint, pool, connection, server);
        }

        public void Dispose()
        {
            Server.Dispose();
            Connection.Dispose();
            Pool.Dispose();
            _listener.Dispose();
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
