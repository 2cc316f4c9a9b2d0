using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// One BGP peer: the RFC 4271 §8 state machine around <see cref="BgpConnection"/>. Idle waits out the
/// connect-retry backoff (doubling with jitter, §10), Connect dials the peer, Active waits for the peer to dial
/// in; any error sends the NOTIFICATION §6 prescribes, drops to Idle and tries again. Never throws out of
/// <see cref="RunAsync"/> except on cancellation.
/// </summary>
public sealed class BgpSession
{
    internal static readonly IReadOnlySet<BgpFamily> LocalFamilies = new HashSet<BgpFamily> { BgpFamily.Ipv4Unicast, BgpFamily.Ipv6Unicast };
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly Channel<Socket> _incoming = Channel.CreateBounded<Socket>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private TaskCompletionSource _changed = NewSignal();
    private CancellationTokenSource? _connection;
    private volatile BgpState _state;
    private DateTimeOffset? _establishedSince;
    private long _established;

    /// <summary>Creates a session; call <see cref="RunAsync"/> to start it.</summary>
    public BgpSession(BgpSessionSettings settings, TimeProvider time, ILogger<BgpSession> logger)
    {
        Settings = settings;
        Time = time;
        Logger = logger;
    }

    /// <summary>The configuration.</summary>
    public BgpSessionSettings Settings { get; }

    /// <summary>The current state.</summary>
    public BgpState State => _state;

    /// <summary>The routes to advertise, by prefix.</summary>
    public ImmutableDictionary<IPNetwork, AdvertisedRoute> Desired { get; private set; } = ImmutableDictionary<IPNetwork, AdvertisedRoute>.Empty;

    /// <summary>The last error, kept after the session recovers.</summary>
    public string? LastError { get; internal set; }

    /// <summary>The BFD state of the peer, when BFD runs.</summary>
    public string? BfdState { get; set; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal int PrefixesAdvertised { get; set; }

    /// <summary>The prefixes the established connection has sent and not withdrawn (its Adj-RIB-Out), sorted.</summary>
    internal ImmutableArray<string> Advertised { get; set; } = [];

    internal int PrefixesReceived { get; set; }

    /// <summary>Completes at the next change of the desired routes.</summary>
    internal Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>A snapshot for status and metrics.</summary>
    public BgpPeerStatus Status => new(Settings.Key, Settings.PeerAs, _state, _establishedSince, PrefixesAdvertised, PrefixesReceived, LastError, Interlocked.Read(ref _established), BfdState)
    {
        Advertised = Advertised,
    };

    /// <summary>Sets the routes to advertise; the established connection sends the difference at once.</summary>
    public void SetRoutes(IEnumerable<AdvertisedRoute> routes)
    {
        var next = routes.ToImmutableDictionary(r => r.Prefix);
        if (next.Count > Settings.MaxPrefixes)
        {
            // The last guard before the wire: the plan check should have refused this already.
            LastError = $"refused {next.Count} routes, above maxPrefixes {Settings.MaxPrefixes}; keeping the {Desired.Count} advertised";
            BgpLog.OverCap(Logger, Settings.Key, next.Count, Settings.MaxPrefixes);
            return;
        }

        if (next.Count == Desired.Count && next.All(kv => Desired.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return;
        }

        Desired = next;
        NotifyChanged();
    }

    /// <summary>Hands over a connection the peer opened to us (passive side, RFC 4271 §8.2.1.1).</summary>
    public void Accept(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            // The listener holds the MD5 keys (a SYN is checked before accept); GTSM is per connection.
            Protect(socket, connecting: false);
        }
        catch (SocketException e)
        {
            LastError = "transport protection: " + e.Message;
            socket.Dispose();
            return;
        }

        if (!_incoming.Writer.TryWrite(socket))
        {
            socket.Dispose(); // a connection is already waiting; collisions are resolved by keeping the first
        }
    }

    /// <summary>Drops the current connection at once (BFD Down, RFC 5882 §4.1) and reconnects with backoff.</summary>
    public void Reset(string reason)
    {
        LastError = reason;
        Volatile.Read(ref _connection)?.Cancel();
    }

    /// <summary>Runs the session until cancelled; then sends a Cease (administrative shutdown) and returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var min = Settings.ConnectRetryMin ?? TimeSpan.FromSeconds(1);
        var max = Settings.ConnectRetryMax ?? TimeSpan.FromSeconds(30);
        var backoff = min;
        while (!cancellationToken.IsCancellationRequested)
        {
            var before = Interlocked.Read(ref _established);
            try
            {
                var socket = await AcquireAsync(backoff, cancellationToken);
                if (socket is not null)
                {
                    await RunConnectionAsync(socket, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug must not end the session for good: log it, reset and try again with backoff.
                LastError = e.Message;
                BgpLog.Unexpected(Logger, Settings.Key, e);
            }

            SetState(BgpState.Idle);
            backoff = Interlocked.Read(ref _established) > before ? min : TimeSpan.FromTicks(Math.Min(max.Ticks, backoff.Ticks * 2));
            var jitter = 0.75 + (Random.Shared.NextDouble() * 0.25); // RFC 4271 §10
            try
            {
                await Task.Delay(backoff * jitter, Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal OpenMessage BuildOpen() => new(
        4,
        Settings.LocalAs <= ushort.MaxValue ? (ushort)Settings.LocalAs : OpenMessage.AsTrans,
        (ushort)Settings.HoldTimeSeconds,
        BinaryPrimitives.ReadUInt32BigEndian(Settings.RouterId.GetAddressBytes()),
        [
            BgpCapability.Multiprotocol(BgpFamily.Ipv4Unicast),
            BgpCapability.Multiprotocol(BgpFamily.Ipv6Unicast),
            BgpCapability.RouteRefresh(),
            .. Settings.GracefulRestartSeconds > 0
                ? [BgpCapability.GracefulRestart(Restarting, (ushort)Settings.GracefulRestartSeconds, LocalFamilies.OrderBy(f => f.Afi))]
                : Array.Empty<BgpCapability>(),
            BgpCapability.FourOctetAs(Settings.LocalAs),
        ]);

    // RFC 4724 §4.1: the Restart State bit says "I restarted; keep my routes until my End-of-RIB". A process
    // cannot tell a restart from a first start, so it is set until this session first reaches Established;
    // a peer with no routes kept from us just ignores it.
    private bool Restarting => Settings.Restarting || Interlocked.Read(ref _established) == 0;

    internal void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    internal void SetState(BgpState state)
    {
        var from = _state;
        if (from == state)
        {
            return;
        }

        _state = state;
        if (state == BgpState.Established)
        {
            _establishedSince = Time.GetUtcNow();
            Interlocked.Increment(ref _established);
        }
        else if (from == BgpState.Established)
        {
            _establishedSince = null;
            PrefixesAdvertised = 0;
            PrefixesReceived = 0;
            Advertised = [];
        }

        BgpLog.StateChanged(Logger, Settings.Key, from, state);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<Socket?> AcquireAsync(TimeSpan activeWait, CancellationToken cancellationToken)
    {
        if (!Settings.Passive)
        {
            SetState(BgpState.Connect);
            var socket = await ConnectAsync(cancellationToken);
            if (socket is not null)
            {
                return socket;
            }
        }

        // Active: wait for the peer to connect, for one backoff period when we also dial out.
        SetState(BgpState.Active);
        using var wait = Settings.Passive ? new CancellationTokenSource() : new CancellationTokenSource(activeWait, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wait.Token);
        try
        {
            return await _incoming.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<Socket?> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(Settings.PeerAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Protect(socket, connecting: true);
            if (Settings.LocalAddress is { } local)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }

            using var timeout = new CancellationTokenSource(ConnectTimeout, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(new IPEndPoint(Settings.PeerAddress, Settings.PeerPort), linked.Token);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            if (!cancellationToken.IsCancellationRequested)
            {
                LastError = "connect: " + e.Message;
            }

            return null;
        }
    }

    // RFC 5082 and RFC 2385, before the first segment leaves: a SYN without the signature or with a low TTL is dropped.
    private void Protect(Socket socket, bool connecting)
    {
        if (Settings.TtlSecurityHops is { } hops)
        {
            TransportProtections.ApplyGtsm(socket, Settings.PeerAddress, hops);
        }

        if (connecting && Settings.Password is { } password)
        {
            TransportProtections.SetMd5(socket, Settings.PeerAddress, password);
        }
    }

    private async Task RunConnectionAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _connection, connection);
        var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
        await using var stream = new BgpStream(socket, Time, Settings.SendHoldTime);
        try
        {
            await new BgpConnection(this, stream, local).RunAsync(connection.Token);
        }
        catch (BgpProtocolException e)
        {
            Fail(e.Message);
            await stream.TryNotifyAsync(e.ToNotification());
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested)
        {
            // stopping, or BFD took the session down: tell the peer why (RFC 4486 §4)
            var subcode = cancellationToken.IsCancellationRequested ? BgpError.AdministrativeShutdown : BgpError.AdministrativeReset;
            await stream.TryNotifyAsync(new NotificationMessage(BgpError.Cease, subcode, default));
        }
        catch (Exception e) when (e is BgpPeerClosedException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Fail(e.Message);
        }
        finally
        {
            Volatile.Write(ref _connection, null);
        }
    }

    private void Fail(string reason)
    {
        LastError = reason;
        BgpLog.SessionReset(Logger, Settings.Key, reason);
    }
}
