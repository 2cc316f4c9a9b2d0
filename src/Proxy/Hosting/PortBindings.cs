using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Keeps the bound ports equal to what the current table needs: ports that appear are bound, ports that go
/// away are drained and closed, and a port whose kind changes is rebound. Ports that stay as they were are not
/// touched, so their connections live through every plan swap.
/// </summary>
internal sealed partial class PortBindings(PortServerFactory factory, IReadOnlyDictionary<int, int> portMap, TimeProvider time, ILogger<PortBindings> logger)
{
    private static readonly TimeSpan RebindDrain = TimeSpan.FromSeconds(5);
    private readonly Dictionary<int, Binding> _bound = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>True when every port of the last reconciled table is bound.</summary>
    public bool AllBound { get; private set; }

    /// <summary>The plan ports bound now, sorted (a snapshot, safe to read from any thread).</summary>
    public IReadOnlyList<int> BoundPlanPorts { get; private set; } = [];

    public int LocalPort(int planPort) => portMap.TryGetValue(planPort, out var local) ? local : planPort;

    /// <summary>Binds and unbinds ports for <paramref name="table"/>; returns the ports that failed to bind.</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(RouteTable table, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var desired = Desired(table);
            await UnbindStaleAsync(desired, cancellationToken);
            var failures = await BindMissingAsync(desired, cancellationToken);
            AllBound = failures.Count == 0;
            BoundPlanPorts = [.. _bound.Values.Select(b => b.PlanPort).Distinct().Order()];
            return failures;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Binds the ports <paramref name="table"/> adds, leaving every bound port as it is (the table in service still
    /// needs them); returns the ports that failed to bind. Called before a swap, so a revision whose port is taken is
    /// refused while the one in service keeps all its ports.
    /// </summary>
    public async Task<IReadOnlyList<string>> BindAddedAsync(RouteTable table, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await BindMissingAsync(Desired(table), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every port, draining in-flight work until the token fires.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(_bound.Values.Select(b => b.Server.StopAsync(cancellationToken)));
            _bound.Clear();
            AllBound = false;
            BoundPlanPorts = [];
        }
        finally
        {
            _gate.Release();
        }
    }

    private Dictionary<int, (int PlanPort, PortKind Kind)> Desired(RouteTable table)
    {
        var desired = new Dictionary<int, (int PlanPort, PortKind Kind)>();
        foreach (var port in table.Ports.Values)
        {
            desired[LocalPort(port.PlanPort)] = (port.PlanPort, port.Kind);
        }

        return desired;
    }

    private async Task UnbindStaleAsync(Dictionary<int, (int PlanPort, PortKind Kind)> desired, CancellationToken cancellationToken)
    {
        var stale = _bound.Where(b => !desired.TryGetValue(b.Key, out var want) || want != (b.Value.PlanPort, b.Value.Kind)).ToList();
        foreach (var (localPort, binding) in stale)
        {
            using var drain = new Forwarding.Deadline(cancellationToken, (long)RebindDrain.TotalMilliseconds, time);
            await binding.Server.StopAsync(drain.Token);
            _bound.Remove(localPort);
            LogUnbound(logger, localPort, binding.Kind.ToString());
        }
    }

    private async Task<List<string>> BindMissingAsync(Dictionary<int, (int PlanPort, PortKind Kind)> desired, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (localPort, (planPort, kind)) in desired.OrderBy(d => d.Key))
        {
            if (_bound.ContainsKey(localPort))
            {
                continue;
            }

            var server = factory.Create(localPort, planPort, kind);
            try
            {
                await server.StartAsync(cancellationToken);
                _bound[localPort] = new Binding(planPort, kind, server);
                LogBound(logger, localPort, kind.ToString(), planPort);
            }
            catch (IOException e)
            {
                failures.Add($"port {localPort}: {e.Message}");
                LogBindFailed(logger, localPort, e.Message);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                failures.Add($"port {localPort}: {e.Message}");
                LogBindFailed(logger, localPort, e.Message);
            }
        }

        return failures;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "bound port {Port} ({Kind}) for gateway port {PlanPort}")]
    private static partial void LogBound(ILogger logger, int port, string kind, int planPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "unbound port {Port} ({Kind})")]
    private static partial void LogUnbound(ILogger logger, int port, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "could not bind port {Port}: {Reason}")]
    private static partial void LogBindFailed(ILogger logger, int port, string reason);

    private sealed record Binding(int PlanPort, PortKind Kind, IPortServer Server);
}
