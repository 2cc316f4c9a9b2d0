using System.Net.Sockets;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1EndpointPoolTests
{
    private static Http1Connection Connection() => new(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), "127.0.0.1:1");

    [Fact]
    public void TryTake_ConnectionsPastTheIdleTimeout_AreClosedNotHandedOut()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        var old = Connection();
        pool.Return(old);
        time.Advance(TimeSpan.FromSeconds(60));
        var recent = Connection();
        pool.Return(recent);
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Same(recent, pool.TryTake());
        Assert.True(recent.Reused);
        Assert.Null(pool.TryTake());
        Assert.Equal(0, pool.IdleCount);
        recent.Dispose();
    }

    [Fact]
    public void Trim_PastTheIdleTimeout_ClosesEveryExpiredIdleConnection()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        pool.Return(Connection());
        pool.Return(Connection());
        time.Advance(TimeSpan.FromSeconds(100));
        pool.Return(Connection());

        Assert.Equal(1, pool.Trim());
        Assert.Equal(1, pool.IdleCount);
        pool.Dispose();
    }

    [Fact]
    public void Trim_ConnectionsNoRequestTookSinceTheLastTrim_ClosesTheOldestHalf()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        var sockets = Enumerable.Range(0, 8).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray();
        foreach (var socket in sockets)
        {
            pool.Return(new Http1Connection(socket, "127.0.0.1:1"));
        }

        Assert.Equal(8, pool.Trim()); // returned since the last trim: not yet surplus
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(4, pool.Trim());
        Assert.All(sockets[..4], s => Assert.True(s.SafeHandle.IsClosed));
        Assert.All(sockets[4..], s => Assert.False(s.SafeHandle.IsClosed));
        Assert.Equal(2, pool.Trim());
        Assert.Equal(1, pool.Trim());
        pool.Dispose();
    }

    [Fact]
    public void Trim_EveryConnectionTakenSinceTheLastTrim_KeepsThemAll()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        for (var i = 0; i < 4; i++)
        {
            pool.Return(Connection());
        }

        pool.Trim();
        var taken = Enumerable.Range(0, 4).Select(_ => pool.TryTake()!).ToList();
        taken.ForEach(pool.Return);

        Assert.Equal(4, pool.Trim());
        pool.Dispose();
    }

    [Fact]
    public void Trim_OneIdleConnection_KeptUntilItsIdleTimeout()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5));
        pool.Return(Connection());
        for (var second = 0; second < 3; second++)
        {
            Assert.Equal(1, pool.Trim());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, pool.Trim());
    }

    [Fact]
    public void Return_PastTheMaximumLifetime_ClosesTheConnectionInsteadOfKeepingIt()
    {
        var time = new SteppedTime();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connection = new Http1Connection(socket, "127.0.0.1:1") { OpenedAt = time.GetTimestamp() };
        pool.Return(connection);
        Assert.Same(connection, pool.TryTake());
        time.Advance(TimeSpan.FromMinutes(5));

        pool.Return(connection);

        Assert.Equal(0, pool.IdleCount);
        Assert.True(socket.SafeHandle.IsClosed);
    }

    [Fact]
    public void Return_AfterDispose_ClosesTheConnectionInsteadOfKeepingIt()
    {
        var pool = new Http1EndpointPool(new SteppedTime(), TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        pool.Dispose();

        pool.Return(new Http1Connection(socket, "127.0.0.1:1"));

        Assert.Equal(0, pool.IdleCount);
        Assert.True(socket.SafeHandle.IsClosed);
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
