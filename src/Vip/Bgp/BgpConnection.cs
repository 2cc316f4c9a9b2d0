using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// One TCP connection of a session: the OPEN exchange (OpenSent, OpenConfirm; RFC 4271 §8.2.2), then Established
/// with a reader (hold timer, UPDATE accounting, ROUTE-REFRESH) and a writer (Adj-RIB-Out sync, keepalives).
/// </summary>
internal sealed class BgpConnection
{
    // RFC 4271 §8.2.2: a large hold time (suggested 4 minutes) until the OPENs are exchanged.
    private static readonly TimeSpan OpenHoldTime = TimeSpan.FromMinutes(4);
    private readonly BgpSession _session;
    private readonly BgpStream _stream;
    private readonly IPAddress _localAddress;
    private readonly Dictionary<IPNetwork, AdvertisedRoute> _advertised = [];
    private readonly HashSet<IPNetwork> _received = [];
    private NegotiatedSession _negotiated = null!;
    private volatile bool _refreshRequested;

    public BgpConnection(BgpSession session, BgpStream stream, IPAddress localAddress)
    {
        _session = session;
        _stream = stream;
        _localAddress = localAddress;
    }

    private BgpSessionSettings Settings => _session.Settings;

    private TimeSpan HoldTime => TimeSpan.FromSeconds(_negotiated.HoldTimeSeconds);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_session.BuildOpen(), cancellationToken);
        _session.SetState(BgpState.OpenSent);
        var open = await _stream.ReadAsync(OpenHoldTime, cancellationToken) switch
        {
            OpenMessage o => o,
            NotificationMessage n => throw new BgpPeerClosedException("peer sent " + n),
            var other => throw new BgpProtocolException(BgpError.Fsm, 1, $"{other.Type} in OpenSent"), // RFC 6608 §4
        };
        _negotiated = OpenValidator.Validate(open, Settings, BgpSession.LocalFamilies);
        _stream.FourOctetAs = _negotiated.FourOctetAs;
        _stream.HoldTime = HoldTime;
        await _stream.WriteAsync(KeepaliveMessage.Instance, cancellationToken);
        _session.SetState(BgpState.OpenConfirm);
        switch (await _stream.ReadAsync(HoldTime, cancellationToken))
        {
            case KeepaliveMessage:
                break;
            case NotificationMessage n:
                throw new BgpPeerClosedException("peer sent " + n);
            case var other:
                throw new BgpProtocolException(BgpError.Fsm, 2, $"{other.Type} in OpenConfirm");
        }

        _session.SetState(BgpState.Established);
        await RunEstablishedAsync(cancellationToken);
    }

    private async Task RunEstablishedAsync(CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadLoopAsync(both.Token);
        var writer = WriteLoopAsync(both.Token);
        var first = await Task.WhenAny(reader, writer);
        await both.CancelAsync();
        try
        {
            await (first == reader ? writer : reader);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // the other half stops because the first one did
        }

        await first;
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await _stream.ReadAsync(HoldTime, cancellationToken))
            {
                case UpdateMessage update:
                    Receive(update);
                    break;
                case NotificationMessage n:
                    throw new BgpPeerClosedException("peer sent " + n);
                case RouteRefreshMessage refresh when _negotiated.Families.Contains(refresh.Family):
                    // RFC 2918 §4: re-advertise the Adj-RIB-Out; the writer resends every route.
                    _refreshRequested = true;
                    _session.NotifyChanged();
                    break;
                case OpenMessage:
                    throw new BgpProtocolException(BgpError.Fsm, 3, "OPEN in Established");
                default:
                    break; // KEEPALIVE: the read itself restarted the hold timer
            }
        }
    }

    private void Receive(UpdateMessage update)
    {
        foreach (var prefix in update.WithdrawnAll)
        {
            _received.Remove(prefix);
        }

        if (update.TreatAsWithdraw is { } reason)
        {
            BgpLog.TreatAsWithdraw(_session.Logger, Settings.Key, reason);
            _session.LastError = "treat-as-withdraw: " + reason;
            foreach (var prefix in update.Announced)
            {
                _received.Remove(prefix);
            }
        }
        else
        {
            _received.UnionWith(update.Announced);
        }

        _session.PrefixesReceived = _received.Count;
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var keepalive = _negotiated.HoldTimeSeconds > 0 ? TimeSpan.FromSeconds(Math.Max(1, _negotiated.HoldTimeSeconds / 3)) : Timeout.InfiniteTimeSpan;
        var pacer = new UpdatePacer(Settings.PacePerSecond, Settings.PaceBurst, _session.Time);
        var time = _session.Time;
        var lastWrite = time.GetTimestamp();
        var endOfRibSent = false;
        var changed = _session.Changed;
        while (true)
        {
            var (sent, pending) = await SyncAsync(pacer, cancellationToken);
            if (pending == 0 && !endOfRibSent)
            {
                // RFC 4724 §2: the initial table is complete.
                foreach (var family in _negotiated.Families)
                {
                    await _stream.WriteAsync(UpdateMessage.EndOfRib(family), cancellationToken);
                }

                endOfRibSent = true;
                sent = true;
            }

            lastWrite = sent ? time.GetTimestamp() : lastWrite;
            var untilKeepalive = keepalive == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : keepalive - time.GetElapsedTime(lastWrite);
            if (untilKeepalive != Timeout.InfiniteTimeSpan && untilKeepalive <= TimeSpan.Zero)
            {
                await _stream.WriteAsync(KeepaliveMessage.Instance, cancellationToken);
                lastWrite = time.GetTimestamp();
                continue;
            }

            var wait = pending > 0 ? Shorter(pacer.UntilNext(), untilKeepalive) : untilKeepalive;
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, time, tick.Token);
            var done = await Task.WhenAny(changed, delay);
            await tick.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (done == changed)
            {
                changed = _session.Changed;
            }
        }
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => b == Timeout.InfiniteTimeSpan || a < b ? a : b;

    /// <summary>
    /// Brings the Adj-RIB-Out of this connection towards the session's desired routes, as far as the pacer allows
    /// (withdrawals first); returns whether anything was written and how many changes still wait.
    /// </summary>
    private async Task<(bool Sent, int Pending)> SyncAsync(UpdatePacer pacer, CancellationToken cancellationToken)
    {
        var desired = _session.Desired;
        if (_refreshRequested)
        {
            _refreshRequested = false;
            _advertised.Clear();
        }

        var budget = pacer.Available;
        var allWithdrawn = _advertised.Keys.Where(p => !desired.ContainsKey(p)).ToList();
        var withdraw = allWithdrawn.Take(budget).ToList();
        foreach (var update in RouteAttributeBuilder.Withdraw(withdraw))
        {
            await _stream.WriteAsync(update, cancellationToken);
        }

        withdraw.ForEach(p => _advertised.Remove(p));
        budget -= withdraw.Count;
        var announced = 0;
        var waiting = 0;
        foreach (var (prefix, route) in desired)
        {
            if (_advertised.TryGetValue(prefix, out var sent) && sent == route)
            {
                continue;
            }

            if (announced >= budget)
            {
                waiting++;
                continue;
            }

            var update = _negotiated.Families.Contains(RouteAttributeBuilder.FamilyOf(prefix))
                ? RouteAttributeBuilder.Announce(route, Settings, _localAddress)
                : null;
            if (update is null)
            {
                BgpLog.NoNextHop(_session.Logger, Settings.Key, prefix.ToString());
                continue;
            }

            await _stream.WriteAsync(update, cancellationToken);
            _advertised[prefix] = route;
            announced++;
        }

        pacer.Spend(withdraw.Count + announced);
        _session.PrefixesAdvertised = _advertised.Count;
        if (announced > 0 || withdraw.Count > 0 || _session.Advertised.Length != _advertised.Count)
        {
            _session.Advertised = [.. _advertised.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal)];
        }
        if (announced > 0 || withdraw.Count > 0)
        {
            BgpLog.Sent(_session.Logger, Settings.Key, announced, withdraw.Count);
        }

        return (announced > 0 || withdraw.Count > 0, allWithdrawn.Count - withdraw.Count + waiting);
    }
}
