using System.Net.Sockets;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

/// <summary>The bound on the connections open to one endpoint, and the queue of requests past it.</summary>
public sealed class Http1EndpointBoundTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReserveAsync_BelowTheBound_ReservesASlotAtOnceAndPastItQueues()
    {
        var pool = Bounded(2);

        var first = pool.ReserveAsync(Wait, Token);
        var second = pool.ReserveAsync(Wait, Token);
        var third = pool.ReserveAsync(Wait, Token);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Null(await first);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Null(await second);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, pool.OpenCount);
        Assert.Equal(1, pool.WaitingCount);
        pool.Dispose();
    }

    [Fact]
    public async Task Return_WithARequestWaiting_HandsTheConnectionToItInsteadOfKeepingItIdle()
    {
        var pool = Bounded(1);
        await pool.ReserveAsync(Wait, Token);
        using var connection = Opened(pool);
        var waiting = pool.ReserveAsync(Wait, Token);

        pool.Return(connection);

        Assert.Same(connection, await waiting);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(1, pool.OpenCount);
        Assert.Equal(0, pool.WaitingCount);
    }

    [Fact]
    public async Task ReserveAsync_AnIdleConnection_TakesItInsteadOfASlot()
    {
        var pool = Bounded(1);
        await pool.ReserveAsync(Wait, Token);
        using var connection = Opened(pool);
        pool.Return(connection);

        var taken = pool.ReserveAsync(Wait, Token);

        Assert.True(taken.IsCompletedSuccessfully);
        Assert.Same(connection, await taken);
        Assert.Equal(1, pool.OpenCount);
    }

    [Fact]
    public async Task Dispose_OfAConnectionWithARequestWaiting_PassesItsSlotOnOnce()
    {
        var pool = Bounded(1);
        await pool.ReserveAsync(Wait, Token);
        var connection = Opened(pool);
        var waiting = pool.ReserveAsync(Wait, Token);

        connection.Dispose();
        connection.Dispose();

        Assert.Null(await waiting); // the slot, to open a connection in
        Assert.Equal(1, pool.OpenCount);
    }

    [Fact]
    public async Task Dispose_OfAConnectionNoRequestWaitsFor_FreesItsSlot()
    {
        var pool = Bounded(1);
        await pool.ReserveAsync(Wait, Token);
        var connection = Opened(pool);

        connection.Dispose();

        Assert.Equal(0, pool.OpenCount);
        Assert.True(pool.ReserveAsync(Wait, Token).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ReserveAsync_WaitCancelled_TheNextInTheQueueGetsTheConnection()
    {
        var pool = Bounded(1);
        await pool.ReserveAsync(Wait, Token);
        using var connection = Opened(pool);
        using var gone = new CancellationTokenSource();
        var first = pool.ReserveAsync(Wait, gone.Token);
        var second = pool.ReserveAsync(Wait, Token);

        await gone.CancelAsync();
        pool.Return(connection);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first);
        Assert.Same(connection, await second);
    }

    [Fact]
    public async Task ReserveAsync_NothingWithinTheWait_EndsAsACancellationTheCallerDidNotAsk()
    {
        var time = new TimersHeld();
        var pool = new Http1EndpointPool(time, TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5), 1);
        await pool.ReserveAsync(Wait, Token);
        using var connection = new Http1Connection(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), "127.0.0.1:1") { OpenedAt = time.GetTimestamp(), Slot = pool };
        var waiting = pool.ReserveAsync(Wait, Token);

        Assert.Equal([Wait], time.Due);
        time.FireAll();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.False(Token.IsCancellationRequested);
        pool.Return(connection); // no one waits any more: it goes idle
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task ConnectAsync_BoundReached_WaitsForTheConnectionGivenBackAndOpensNoOther()
    {
        using var listener = Http1ConnectionPoolTests.Listen(out var endpoint);
        using var pool = new Http1ConnectionPool(TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5), maxPerEndpoint: 1);
        using var connection = await pool.ConnectAsync(endpoint, Token);
        using var server = await listener.AcceptAsync(Token);

        var waiting = pool.ConnectAsync(endpoint, Token);
        Assert.False(waiting.IsCompleted);
        pool.Return(connection);

        Assert.Same(connection, await waiting);
        Assert.Equal(1, pool.OpenCount(endpoint));
    }

    [Fact]
    public async Task ConnectAsync_Refused_GivesTheSlotBack()
    {
        string endpoint;
        using (Http1ConnectionPoolTests.Listen(out endpoint))
        {
        }

        using var pool = new Http1ConnectionPool(TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5), maxPerEndpoint: 1);

        await Assert.ThrowsAsync<SocketException>(() => pool.ConnectAsync(endpoint, Token));
        await Assert.ThrowsAsync<SocketException>(() => pool.ConnectAsync(endpoint, Token)); // not queued behind the first

        Assert.Equal(0, pool.OpenCount(endpoint));
    }

    private static Http1EndpointPool Bounded(int max) => new(TimeProvider.System, TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5), max);

    /// <summary>A connection opened now (by the system clock) in a slot of <paramref name="pool"/> (reserved before).</summary>
    private static Http1Connection Opened(Http1EndpointPool pool) =>
        new(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), "127.0.0.1:1") { OpenedAt = TimeProvider.System.GetTimestamp(), Slot = pool };

    /// <summary>A clock whose timers fire only when told.</summary>
    private sealed class TimersHeld : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _timers = [];

        public List<TimeSpan> Due { get; } = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => 1;

        public void FireAll() => _timers.ForEach(t => t.Callback(t.State));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _timers.Add((callback, state));
            Due.Add(dueTime);
            return new Held();
        }

        private sealed class Held : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
