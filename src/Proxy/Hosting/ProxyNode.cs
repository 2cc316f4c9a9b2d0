using GitGateway.Plan.Model;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Forwarding.Http1;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Policies;
using GitGateway.Proxy.Policies.Waf;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Sync;
using GitGateway.Vip.Announcing;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// A proxy node: the admin endpoint, the last good plan at start, then every revision its plan source yields;
/// on shutdown it stops accepting and drains in-flight work for a bounded time. With <c>--vip</c> it also runs the
/// VIP announcer in process: fed each accepted revision and the node's readiness after every apply, port bind and
/// drain start, and on shutdown withdrawing every VIP (and waiting the withdraw delay) before the drain begins.
/// </summary>
internal sealed partial class ProxyNode : IAsyncDisposable
{
    private readonly ProxyOptions _options;
    private readonly TextWriter _stdout;
    private readonly TimeProvider _time;
    private readonly ILogger<ProxyNode> _logger;
    private readonly HttpMessageInvoker _client;
    private readonly Http1ConnectionPool _http1;
    private readonly AccessLog _accessLog;
    private readonly PortBindings _ports;
    private readonly AdminServer _admin;
    private readonly LastGoodPlanStore _lastGood;
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _leaving; // SIGTERM came: not ready from now on, though the listeners may still serve
    private HttpClient? _controlPlaneHttp;
    private readonly AnnouncerHost? _vip;
    private readonly LoopSupervisor _supervisor;
    private readonly LoadShedder _shedder;
    private readonly BurstEndCollector? _bursts;
    private readonly NodeDiscovery? _discovery;
    private readonly CertificateStore _certificateDir;
    private PlanApplyReport? _lastReport;

    // Applying (then handing the revision to the announcer) and publishing readiness take turns, so the announcer
    // never hears of a served revision before it has the plan (it would withdraw what it cannot place).
    private readonly SemaphoreSlim _applying = new(1, 1);
    private Task _watch = Task.CompletedTask;

    public ProxyNode(ProxyOptions options, TimeProvider time, ILoggerFactory loggers, TextWriter stdout)
    {
        _options = options;
        _stdout = stdout;
        _time = time;
        _logger = loggers.CreateLogger<ProxyNode>();
        var disk = _certificateDir = new CertificateStore(options.CertDir);
        _discovery = options.Kubernetes is { } kubernetes ? new NodeDiscovery(kubernetes, options.CertificatesFromApi ? disk : null, time, loggers) : null;
        var backends = options.BackendsPath is null
            ? new BackendMap(new Dictionary<string, string[]>(), _discovery?.Endpoints, options.LoadBalancing)
            : BackendMap.Load(options.BackendsPath, _discovery?.Endpoints, options.LoadBalancing);
        _client = ForwarderClient.Create(TimeSpan.FromSeconds(5), options.Upstream);
        _accessLog = new AccessLog(options.AccessLog, stdout);
        var kestrel = new KestrelFactory(loggers, options.Limits);
        var gate = new ConnectionGate(options.Limits, Metrics);
        _shedder = new LoadShedder(options.Limits, gate, Metrics.Overload, time);
        _http1 = new Http1ConnectionPool(time, TimeSpan.FromSeconds(5), options.Upstream.Http1ReuseBound, options.Upstream.MaxLifetime, options.Upstream.MaxConnectionsPerEndpoint);
        var entries = new EntryServer(new HttpForwarder(_client, time, new Http1Upstream(_http1)), new MirrorSender(_client, time, Metrics.Mirrors, loggers.CreateLogger<MirrorSender>()), options.Edge);
        _bursts = options.GcAfterBurst ? BurstEndCollector.ForRuntime(time) : null;
        var factory = new PortServerFactory(kestrel, Tables, entries, Metrics, _accessLog, time, loggers, options.Listen, options.Edge, gate, _shedder, _bursts);
        _ports = new PortBindings(factory, options.PortMap, time, loggers.CreateLogger<PortBindings>());
        _lastGood = new LastGoodPlanStore(options.StateDir);
        var jwks = new JwksCache(_client, time, loggers.CreateLogger<JwksCache>());
        var waf = new WafReporter(Metrics, loggers.CreateLogger<WafReporter>());
        var compiler = new RouteTableCompiler(backends, new TlsMaterialCompiler(_discovery?.Certificates ?? disk, options.Upstream), jwks, time, waf, new RegexCache(Metrics.Regexes, options.RegexLinearBudget));
        Applier = new PlanApplier(compiler, Tables, _ports, _lastGood, Metrics, options.NodeName, stdout, loggers.CreateLogger<PlanApplier>(), time);
        var follow = FollowOptions(options);
        _vip = options.Vip is { } vip
            ? new AnnouncerHost(vip, options.WithdrawDelay, ProxyReadiness.NotReady, time, loggers, follow is null ? null : new FleetControlPlane(follow.FleetUrl, follow.Token))
            : null;
        _admin = new AdminServer(kestrel, Metrics, Readiness, _shedder.Sample, _vip);
        _supervisor = new LoopSupervisor(Metrics, time, loggers.CreateLogger<LoopSupervisor>());
        Source = CreateSource(options, follow, time, loggers);
    }

    public RouteTableHolder Tables { get; } = new();

    /// <summary>Whether the node is shutting down: not ready, whether or not its listeners still serve.</summary>
    private bool Leaving => _leaving || _stopping.IsCancellationRequested;

    /// <summary>
    /// Ready while not draining and the current plan is applied with all its ports bound; the ports are those that
    /// serve even when another failed to bind, so the announcer withdraws only the VIPs of the failed port.
    /// </summary>
    public NodeReadiness Readiness()
    {
        var table = Tables.Current;
        var stopping = Leaving;
        var ready = !stopping && Applier.Ready;
        var rejected = Applier.LastRejected;
        return new NodeReadiness(ready, table.Hash.Length == 0 ? null : table.Hash, stopping ? [] : Applier.BoundPorts)
        {
            Source = table.Hash.Length == 0 ? null : table.Plan.Source,
            RejectedPlanHash = rejected?.Hash,
            RejectedError = rejected?.Error,
        };
    }

    public ProxyMetrics Metrics { get; } = new();

    public PlanApplier Applier { get; }

    public IPlanSource Source { get; set; }

    /// <summary>
    /// How often a node following a control plane repeats its last answer with its readiness and per-route counters
    /// (what the control plane watches while a canary bakes, and how it learns a node's state after its own restart).
    /// </summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(2);

    public int AdminPort { get; private set; }

    /// <summary>
    /// Starts the admin endpoint, serves the last good plan, and follows the plan source; the loops that follow it,
    /// retry port bindings and repeat reports to the control plane are supervised (<see cref="LoopSupervisor"/>).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.AdminPort is { } adminPort)
        {
            AdminPort = await _admin.StartAsync(adminPort, cancellationToken);
            await _stdout.WriteLineAsync($"admin listening on 127.0.0.1:{AdminPort}");
            await _stdout.FlushAsync(cancellationToken);
        }

        if (_lastGood.TryLoad() is { } lastGood)
        {
            await ApplyAsync(lastGood, cancellationToken);
        }

        _vip?.Start();
        if (_certificateDir.Watch() is { } unwatched)
        {
            LogCertDirUnwatched(_logger, _options.CertDir!, unwatched);
        }

        var token = _stopping.Token;
        _shedder.Sample();
        List<Task> loops =
        [
            _supervisor.RunAsync("follow", FollowAsync, token),
            _supervisor.RunAsync("bindings", RetryBindingsAsync, token),
        ];
        if (_discovery is not null)
        {
            loops.Add(_supervisor.RunAsync("endpointslices", _discovery.RunAsync, token));
        }

        if (Source is ControlPlanePlanSource)
        {
            // A plan file has no one to tell.
            loops.Add(_supervisor.RunAsync("report", RepeatReportAsync, token));
        }

        _watch = Task.WhenAll(loops);
    }

    /// <summary>Applies one revision now (the plan source does this on its own; tests call it directly).</summary>
    public Task<PlanApplyReport> ApplyAsync(RoutingPlan plan, CancellationToken cancellationToken) =>
        ApplyAsync(IncomingPlan.Of(plan), cancellationToken);

    /// <summary>Applies one revision as a plan source gave it (with its bytes and hash when it has them).</summary>
    public async Task<PlanApplyReport> ApplyAsync(IncomingPlan incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var plan = incoming.Plan;
        await _applying.WaitAsync(cancellationToken);
        try
        {
            var report = await Applier.ApplyAsync(incoming, cancellationToken);
            if (report.Accepted)
            {
                // The announcer learns the revision before it hears the node serves it, so it knows the VIPs it holds.
                _vip?.SetPlan(plan);
                _discovery?.InForce(plan);
            }

            PublishReadiness();
            return report;
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// Reports not ready at once while the listeners still serve, for <see cref="ProxyOptions.UnreadyGrace"/> and,
    /// with VIPs, while they are withdrawn and the withdraw delay runs (so load balancers checking /readyz and
    /// routers move away first); then stops accepting, lets in-flight requests finish for up to the drain time,
    /// and closes.
    /// </summary>
    public async Task StopAsync()
    {
        _leaving = true;
        PublishReadiness();
        var grace = Task.Delay(_options.UnreadyGrace, _time);
        if (_vip is not null)
        {
            // Issue: withdraw every VIP and give routers the withdraw delay to move traffic before draining.
            using var bound = new CancellationTokenSource(_options.WithdrawDelay + TimeSpan.FromSeconds(5), _time);
            try
            {
                await _vip.ShutdownAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                LogWithdrawTimedOut(_logger);
            }
        }

        await grace;
        await _stopping.CancelAsync();
        await _watch;
        LogDraining(_logger, (int)_options.Drain.TotalSeconds);
        using var drain = new CancellationTokenSource(_options.Drain, _time);
        await _ports.StopAllAsync(drain.Token);

        // The admin port served /readyz through the drain; past it, no admin connection (a stalled scrape, a client
        // that never ends its request) may hold the exit: Kestrel aborts what is left once the token has fired.
        await _admin.StopAsync(drain.Token);
        if (_vip is not null)
        {
            await _vip.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync();
        }

        await _accessLog.DisposeAsync();
        _client.Dispose();
        _http1.Dispose();
        _bursts?.Dispose();
        _certificateDir.Dispose();
        _controlPlaneHttp?.Dispose();
        _stopping.Dispose();
        _applying.Dispose();
    }

    /// <summary>How the node follows its control plane, or null when it reads a plan file.</summary>
    private static ControlPlaneOptions? FollowOptions(ProxyOptions options)
    {
        if (options.ControlPlane is not { } controlPlane)
        {
            return null;
        }

        var token = options.NodeTokenFile is { } file
            ? File.ReadAllText(file).Trim()
            : Environment.GetEnvironmentVariable("GITGATEWAY_NODE_TOKEN") ?? "";
        var lastPlan = options.StateDir is null ? null : Path.Combine(options.StateDir, "control-plane-plan.json");
        return new ControlPlaneOptions(controlPlane, options.NodeName, token, lastPlan, Repository: options.Repository) { ServerSentEvents = options.ServerSentEvents };
    }

    private IPlanSource CreateSource(ProxyOptions options, ControlPlaneOptions? follow, TimeProvider time, ILoggerFactory loggers)
    {
        if (follow is null)
        {
            return new FilePlanSource(options.PlanPath!, FilePlanSource.DefaultInterval, time, loggers.CreateLogger<FilePlanSource>());
        }

        _controlPlaneHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return new ControlPlanePlanSource(_controlPlaneHttp, follow, time);
    }

    /// <summary>Applies every revision the plan source yields and reports the outcome (supervised: see StartAsync).</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        await foreach (var plan in Source.WatchAsync(cancellationToken))
        {
            var report = await ApplyAsync(plan, cancellationToken);
            _lastReport = report;
            await SendReportAsync(report, cancellationToken);
        }
    }

    /// <summary>
    /// Repeats the last answer to a control plane with the node's current readiness and per-route counters, so a
    /// control plane watching a canary sees its error rates, and one that restarted learns what the node serves.
    /// </summary>
    private async Task RepeatReportAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ReportInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (_lastReport is { } last)
            {
                await SendReportAsync(last with { Ready = Applier.Ready && !Leaving }, cancellationToken);
            }
        }
    }

    private async Task SendReportAsync(PlanApplyReport report, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        report = report with
        {
            // The control plane shows each node's BGP sessions next to its ACK (issue 5, "Status").
            Peers = _vip is null ? null : [.. _vip.Announcer.Status.Select(p => PeerReport.From(p, now))],
            Serving = Tables.HasPlan ? Tables.Current.Hash : null,
            VipServing = _vip is null ? null : [.. _vip.Announcer.Serving.Order(StringComparer.Ordinal)],
            VipHeld = _vip is null ? null : [.. _vip.Announcer.FloorHeld.Order(StringComparer.Ordinal)],
            Routes = Metrics.RouteCounters(),
        };
        try
        {
            await Source.ReportAsync(report, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The plan is applied either way; the control plane learns the outcome from the next report.
            LogReportFailed(_logger, report.PlanHash, e.Message);
        }
    }

    /// <summary>Ports that could not be bound (still taken by a previous process) are retried until they bind.</summary>
    private async Task RetryBindingsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _applying.WaitAsync(cancellationToken);
            try
            {
                await Applier.RetryBindingsAsync(cancellationToken);
                PublishReadiness();
            }
            finally
            {
                _applying.Release();
            }
        }
    }

    /// <summary>Hands the node's readiness to the in-process announcer (no HTTP poll).</summary>
    private void PublishReadiness()
    {
        if (_vip is not null)
        {
            var state = Readiness();
            _vip.Readiness.Set(new ProxyReadiness(state.Ready, state.PlanHash, state.Ports.ToHashSet()));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot watch certificate directory {Directory} ({Reason}): a renewal there is served from the next plan")]
    private static partial void LogCertDirUnwatched(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VIP withdrawal did not finish in time; draining anyway")]
    private static partial void LogWithdrawTimedOut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "draining for up to {Seconds} s")]
    private static partial void LogDraining(ILogger logger, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not report plan {Hash} to the control plane: {Error}")]
    private static partial void LogReportFailed(ILogger logger, string hash, string error);
}
