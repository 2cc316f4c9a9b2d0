using System.Net;
using System.Net.Sockets;
using GitGateway.Plan.Model;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bfd;

/// <summary>
/// One asynchronous-mode BFD session to a directly connected peer (RFC 5880 §6.8, RFC 5881). Packets are sent
/// from a port in 49152–65535 with TTL 255 (RFC 5881 §4, §5). The configured intervals are used from the start
/// (no 1-second slow start), so no Poll Sequence is needed on the way Up; a peer's Poll is answered with Final.
/// </summary>
public sealed class BfdSession : IDisposable
{
    private readonly BfdSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<BfdState, BfdState> _onChange;
    private readonly Lock _gate = new();
    private readonly ITimer _detect;
    private readonly Socket _socket;
    private TaskCompletionSource _kick = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BfdState _state = BfdState.Down;
    private byte _diagnostic;
    private uint _remoteDiscriminator;
    private uint _remoteMinRx = 1;
    private bool _answerPoll;

    /// <summary>Creates the session; <paramref name="onChange"/> receives (from, to) on every state change.</summary>
    public BfdSession(IPAddress peer, BfdSettings settings, IPAddress? localAddress, TimeProvider time, ILogger logger, Action<BfdState, BfdState> onChange)
    {
        Peer = peer;
        _settings = settings;
        _time = time;
        _logger = logger;
        _onChange = onChange;
        MyDiscriminator = (uint)Random.Shared.Next(1, int.MaxValue);
        _detect = time.CreateTimer(_ => Expire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _socket = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (peer.AddressFamily == AddressFamily.InterNetwork)
        {
            _socket.Ttl = 255;
        }
        else
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.HopLimit, 255);
        }

        BindSourcePort(localAddress);
    }

    /// <summary>The peer's address.</summary>
    public IPAddress Peer { get; }

    /// <summary>This end's discriminator.</summary>
    public uint MyDiscriminator { get; }

    /// <summary>The current state.</summary>
    public BfdState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Sends control packets until cancelled; the destination port is normally 3784.</summary>
    public async Task RunAsync(int peerPort, CancellationToken cancellationToken)
    {
        var destination = new IPEndPoint(Peer, peerPort);
        while (!cancellationToken.IsCancellationRequested)
        {
            BfdPacket packet;
            Task kick;
            lock (_gate)
            {
                packet = new BfdPacket(_diagnostic, _state, false, _answerPoll, (byte)_settings.DetectMultiplier, MyDiscriminator, _remoteDiscriminator,
                    (uint)_settings.DesiredMinTxMs * 1000, (uint)_settings.RequiredMinRxMs * 1000);
                _answerPoll = false;
                kick = _kick.Task;
            }

            try
            {
                await _socket.SendToAsync(BfdCodec.Encode(packet), SocketFlags.None, destination, cancellationToken);
            }
            catch (SocketException e)
            {
                BfdLog.SendFailed(_logger, Peer.ToString(), e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // RFC 5880 §6.8.7: the interval is the larger of ours and the peer's Required Min RX, less 0–25% jitter.
            var interval = TimeSpan.FromMicroseconds(Math.Max(_settings.DesiredMinTxMs * 1000L, Volatile.Read(ref _remoteMinRx)));
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(kick, Task.Delay(interval * (0.75 + (Random.Shared.NextDouble() * 0.25)), _time, tick.Token));
            await tick.CancelAsync();
        }
    }

    /// <summary>Applies a received packet (RFC 5880 §6.8.6).</summary>
    internal void Receive(BfdPacket packet)
    {
        (BfdState From, BfdState To)? change = null;
        lock (_gate)
        {
            _remoteDiscriminator = packet.MyDiscriminator;
            Volatile.Write(ref _remoteMinRx, Math.Max(1u, packet.RequiredMinRxMicroseconds));
            var from = _state;
            var to = (from, packet.State) switch
            {
                (BfdState.AdminDown, _) => from,
                (not BfdState.Down, BfdState.AdminDown) => BfdState.Down,
                (BfdState.Down, BfdState.Down) => BfdState.Init,
                (BfdState.Down, BfdState.Init) => BfdState.Up,
                (BfdState.Init, BfdState.Init or BfdState.Up) => BfdState.Up,
                (BfdState.Up, BfdState.Down) => BfdState.Down,
                _ => from,
            };
            if (to != from)
            {
                _diagnostic = to == BfdState.Down ? (byte)3 : (byte)0; // 3: neighbor signaled session down
                _state = to;
                change = (from, to);
            }

            // Detection time: the peer's multiplier times the larger of our Required Min RX and its Desired Min TX.
            var detect = TimeSpan.FromMicroseconds(packet.DetectMultiplier * Math.Max(_settings.RequiredMinRxMs * 1000L, packet.DesiredMinTxMicroseconds));
            _detect.Change(detect, Timeout.InfiniteTimeSpan);
            _answerPoll |= packet.Poll;
            if (packet.Poll || change is not null)
            {
                Interlocked.Exchange(ref _kick, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }

        Report(change);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _detect.Dispose();
        _socket.Dispose();
    }

    private void Expire()
    {
        (BfdState From, BfdState To)? change = null;
        lock (_gate)
        {
            if (_state is BfdState.Init or BfdState.Up)
            {
                change = (_state, BfdState.Down);
                _state = BfdState.Down;
                _diagnostic = 1; // control detection time expired
                _remoteDiscriminator = 0; // RFC 5880 §6.8.1
            }
        }

        Report(change);
    }

    private void Report((BfdState From, BfdState To)? change)
    {
        if (change is { } c)
        {
            BfdLog.StateChanged(_logger, Peer.ToString(), c.From, c.To, _diagnostic);
            _onChange(c.From, c.To);
        }
    }

    private void BindSourcePort(IPAddress? localAddress)
    {
        var any = localAddress ?? (Peer.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _socket.Bind(new IPEndPoint(any, Random.Shared.Next(49152, 65536)));
                return;
            }
            catch (SocketException) when (attempt < 20)
            {
                // port taken; try another in the range RFC 5881 §4 requires
            }
        }
    }
}
