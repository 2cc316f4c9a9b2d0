using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Applies a plan revision, in order: validate, compile (off the request path), swap the table, bind and unbind
/// ports, keep it as the last good plan. A revision that fails validation or compilation is rejected and the
/// table in service stays as it was.
/// </summary>
internal sealed partial class PlanApplier(
    RouteTableCompiler compiler,
    RouteTableHolder tables,
    PortBindings ports,
    LastGoodPlanStore lastGood,
    ProxyMetrics metrics,
    string nodeName,
    TextWriter announcements,
    ILogger<PlanApplier> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool Ready => tables.HasPlan && ports.AllBound;

    /// <summary>The plan ports that serve now, even when one failed to bind.</summary>
    public IReadOnlyList<int> BoundPorts => tables.HasPlan ? ports.BoundPlanPorts : [];

    public async Task<PlanApplyReport> ApplyAsync(RoutingPlan plan, CancellationToken cancellationToken)
    {
        var hash = PlanJson.Hash(plan);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (tables.Current.Hash == hash)
            {
                var missing = ports.AllBound ? [] : await ports.ReconcileAsync(tables.Current, cancellationToken);
                return new PlanApplyReport(nodeName, hash, true, missing.Count == 0 ? null : string.Join("; ", missing), Ready);
            }

            var problems = PlanValidator.Validate(plan);
            if (problems.Count > 0)
            {
                return Reject(hash, string.Join("; ", problems));
            }

            RouteTable table;
            try
            {
                table = compiler.Compile(plan, hash);
            }
            catch (RouteCompileException e)
            {
                return Reject(hash, e.Message);
            }

            foreach (var warning in table.Warnings)
            {
                LogNotEnforced(logger, hash, warning);
            }

            tables.Swap(table);
            var failures = await ports.ReconcileAsync(table, cancellationToken);
            await lastGood.SaveAsync(plan, cancellationToken);
            metrics.PlanApplied(hash);
            LogApplied(logger, hash, plan.Source, plan.Listeners.Count);
            await announcements.WriteLineAsync($"plan applied {hash}");
            await announcements.FlushAsync(cancellationToken);
            var error = failures.Count == 0 ? null : string.Join("; ", failures);
            return new PlanApplyReport(nodeName, hash, true, error, Ready);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Binds ports of the current plan that failed to bind before (e.g. a port that was still taken).</summary>
    public async Task RetryBindingsAsync(CancellationToken cancellationToken)
    {
        if (!tables.HasPlan || ports.AllBound)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ports.ReconcileAsync(tables.Current, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private PlanApplyReport Reject(string hash, string error)
    {
        metrics.PlanRejected();
        LogRejected(logger, hash, error, tables.Current.Hash);
        return new PlanApplyReport(nodeName, hash, false, error, Ready);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "plan {Hash} from {Source} applied ({Listeners} listeners)")]
    private static partial void LogApplied(ILogger logger, string hash, string source, int listeners);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan {Hash} rejected: {Error}; still serving {Current}")]
    private static partial void LogRejected(ILogger logger, string hash, string error, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan {Hash}: {Warning}")]
    private static partial void LogNotEnforced(ILogger logger, string hash, string warning);
}
