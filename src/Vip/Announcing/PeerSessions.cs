using GitGateway.Vip.Bfd;
using GitGateway.Vip.Bgp;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The running peers of an announcer: a BGP session (and a BFD session when asked) per peer the plan wants, the
/// listener that hands connections peers open to their session and holds their TCP MD5 keys, and the BFD endpoint
/// the BFD sessions share.
/// </summary>
internal sealed class PeerSessions : IAsyncDisposable
{
    private readonly AnnouncerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PeerRuntime> _peers = new(StringComparer.Ordinal);
    private readonly List<Task> _stopping = [];
    private readonly CancellationTokenSource _bfdStop = new();
    private BfdEndpoint? _bfd;
    private BgpListener? _listener;
    private Task? _listening;
    private Task? _bfdReceive;

    public PeerSessions(AnnouncerOptions options, TimeProvider time, ILoggerFactory loggers, ILogger logger)
    {
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = logger;
    }

    /// <summary>The port accepting BGP connections, once listening.</summary>
    public int? ListeningPort => _listener?.Port;

    /// <summary>Per-peer status, by peer.</summary>
    public IReadOnlyList<BgpPeerStatus> Status
    {
        get
        {
            lock (_peers)
            {
                return [.. _peers.Values.Select(p => p.Session.Status).OrderBy(s => s.Peer, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Starts accepting connections on <see cref="AnnouncerOptions.ListenPort"/>, when set (once).</summary>
    public void Listen()
    {
        if (_options.ListenPort is { } port && _listener is null)
        {
            _listener = new BgpListener(_options.LocalAddress, port, FindSession, _loggers.CreateLogger<BgpListener>());
            var listener = _listener;
            _listening = Task.Run(() => listener.RunAsync(_bfdStop.Token), CancellationToken.None);
        }
    }

    /// <summary>Hands each session its routes (none for a peer <paramref name="routes"/> does not name).</summary>
    public void SetRoutes(Dictionary<string, List<AdvertisedRoute>> routes)
    {
        lock (_peers)
        {
            foreach (var (key, peer) in _peers)
            {
                peer.Session.SetRoutes(routes.GetValueOrDefault(key) ?? []);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<PeerRuntime> peers;
        lock (_peers)
        {
            peers = [.. _peers.Values];
            _peers.Clear();
        }

        foreach (var peer in peers)
        {
            StopPeer(peer);
        }

        await _bfdStop.CancelAsync();
        _listener?.Dispose();
        await Task.WhenAll(_stopping.Append(_bfdReceive ?? Task.CompletedTask).Append(_listening ?? Task.CompletedTask));
        _bfd?.Dispose();
        _bfdStop.Dispose();
    }

    /// <summary>Stops the sessions the plan no longer wants (or wants otherwise) and starts the new ones.</summary>
    public void Update(Dictionary<string, PeerPlan> wanted)
    {
        lock (_peers)
        {
            foreach (var (key, peer) in _peers.Where(p => !wanted.TryGetValue(p.Key, out var w) || w != p.Value.Plan).ToList())
            {
                _peers.Remove(key);
                StopPeer(peer);
                _listener?.SetPassword(peer.Plan.Settings.PeerAddress, null);
            }

            foreach (var (key, plan) in wanted.Where(w => !_peers.ContainsKey(w.Key)))
            {
                // The listener learns the key before the session exists, so the peer's first SYN is checked.
                _listener?.SetPassword(plan.Settings.PeerAddress, plan.Settings.Password);
                _peers[key] = StartPeer(plan);
            }
        }
    }

    private BgpSession? FindSession(System.Net.IPAddress remote)
    {
        lock (_peers)
        {
            return _peers.Values.FirstOrDefault(p => p.Session.Settings.PeerAddress.Equals(remote))?.Session;
        }
    }

    private PeerRuntime StartPeer(PeerPlan plan)
    {
        var session = new BgpSession(plan.Settings, _time, _loggers.CreateLogger<BgpSession>());
        var stop = new CancellationTokenSource();
        BfdSession? bfd = null;
        var tasks = new List<Task> { Task.Run(() => session.RunAsync(stop.Token)) };
        if (plan.Bfd is { } bfdSettings)
        {
            var endpoint = EnsureBfdEndpoint();
            bfd = new BfdSession(plan.Settings.PeerAddress, bfdSettings, _options.LocalAddress, _time, _loggers.CreateLogger<BfdSession>(), (from, to) =>
            {
                session.BfdState = to.ToString().ToLowerInvariant();
                if (from == BfdState.Up && to == BfdState.Down)
                {
                    // RFC 5882 §4.1 / RFC 5883: a BFD Down takes the BGP session down at once.
                    AnnouncerLog.BfdChanged(_logger, plan.Settings.Key, "down");
                    session.Reset("BFD down");
                }
            });
            session.BfdState = "down";
            endpoint.Register(bfd);
            var b = bfd;
            tasks.Add(Task.Run(() => b.RunAsync(_options.BfdPort, stop.Token)));
        }

        return new PeerRuntime(plan, session, bfd, stop, Task.WhenAll(tasks));
    }

    private void StopPeer(PeerRuntime peer)
    {
        peer.Stop.Cancel();
        _stopping.RemoveAll(t => t.IsCompleted);
        _stopping.Add(peer.Running.ContinueWith(
            _ =>
            {
                if (peer.Bfd is { } bfd)
                {
                    _bfd?.Unregister(bfd);
                    bfd.Dispose();
                }

                peer.Stop.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default));
    }

    private BfdEndpoint EnsureBfdEndpoint()
    {
        if (_bfd is null)
        {
            _bfd = new BfdEndpoint(_options.LocalAddress, _options.BfdPort, _loggers.CreateLogger<BfdEndpoint>());
            var endpoint = _bfd;
            _bfdReceive = Task.Run(() => endpoint.RunAsync(_bfdStop.Token));
        }

        return _bfd;
    }
}
