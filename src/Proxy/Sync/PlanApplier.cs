using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Applies a plan revision, in order: validate, compile (off the request path; certificates are loaded here), bind
/// the ports it adds, swap the table, unbind what it drops, keep it as the last good plan. A revision that cannot be
/// loaded for any reason (invalid, a certificate that does not parse, a port in use) is rejected with the reason,
/// and the table and ports in service stay as they were. Only the very first plan is taken with ports missing
/// (nothing was served before; the ports are retried until they bind, as after a restart).
/// </summary>
internal sealed partial class PlanApplier(
    RouteTableCompiler compiler,
    RouteTableHolder tables,
    PortBindings ports,
    LastGoodPlanStore lastGood,
    ProxyMetrics metrics,
    string nodeName,
    TextWriter announcements,
    ILogger<PlanApplier> logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool Ready => tables.HasPlan && ports.AllBound;

    /// <summary>The plan ports that serve now, even when one failed to bind.</summary>
    public IReadOnlyList<int> BoundPorts => tables.HasPlan ? ports.BoundPlanPorts : [];

    /// <summary>The last revision this node refused and why (null once a later revision is applied).</summary>
    public (string Hash, string Error)? LastRejected { get; private set; }

    /// <summary>
    /// Applies <paramref name="incoming"/>. When its source gave the bytes it was read from and their hash, those name
    /// it and are kept as the last good plan; otherwise the plan is serialised once here for both.
    /// </summary>
    public async Task<PlanApplyReport> ApplyAsync(IncomingPlan incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var plan = incoming.Plan;
        var started = _time.GetTimestamp();
        var (canonical, hash) = incoming is { Canonical: { } bytes, Hash: { } given } ? (bytes, given) : PlanJson.ToCanonicalBytesWithHash(plan);
        Step("hash", started);
        metrics.PlanLoad.Record("rebuild", incoming.Rebuild ?? TimeSpan.Zero);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (tables.Current.Hash == hash)
            {
                var missing = ports.AllBound ? [] : await ports.ReconcileAsync(tables.Current, cancellationToken);
                return Report(hash, true, missing.Count == 0 ? null : string.Join("; ", missing));
            }

            var step = _time.GetTimestamp();
            var problems = Validate(plan);
            step = Step("validate", step);
            if (problems.Count > 0)
            {
                return Reject(hash, string.Join("; ", problems));
            }

            var table = Compile(plan, hash, out var error);
            Step("compile", step);
            if (table is null)
            {
                return Reject(hash, error!);
            }

            if (tables.HasPlan && await ports.BindAddedAsync(table, cancellationToken) is { Count: > 0 } taken)
            {
                // Release what this revision bound, so the node is exactly as it was.
                await ports.ReconcileAsync(tables.Current, cancellationToken);
                return Reject(hash, string.Join("; ", taken));
            }

            return await SwapAsync(plan, canonical, hash, table, cancellationToken);
        }
        finally
        {
            // Whether this revision was applied or refused, keep only the patterns of the table in service.
            compiler.Regexes.Retain(tables.Current.RegexPatterns);
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

    /// <summary>
    /// The JSON reader leaves a member the plan's records declare non-null as null when a file omits it, and the
    /// validator then meets the null: that refuses the revision like any other problem, instead of failing the loop
    /// that follows the plan source (found by PlanLoaderFuzzTests).
    /// </summary>
    private static IReadOnlyList<string> Validate(RoutingPlan plan)
    {
        try
        {
            return PlanValidator.Validate(plan);
        }
        catch (NullReferenceException)
        {
            return ["a member the plan requires is missing (null)"];
        }
    }

    private RouteTable? Compile(RoutingPlan plan, string hash, out string? error)
    {
        error = null;
        try
        {
            return compiler.Compile(plan, hash);
        }
        catch (RouteCompileException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else the node cannot load (a certificate or key that does not parse, a file it cannot read)
            // refuses this revision; it never ends the loop that follows the plan source.
            error = $"{e.GetType().Name}: {e.Message}";
        }

        return null;
    }

    private async Task<PlanApplyReport> SwapAsync(RoutingPlan plan, byte[] canonical, string hash, RouteTable table, CancellationToken cancellationToken)
    {
        foreach (var warning in table.Warnings)
        {
            LogNotEnforced(logger, hash, warning);
        }

        var step = _time.GetTimestamp();
        tables.Swap(table);
        LastRejected = null;
        var failures = await ports.ReconcileAsync(table, cancellationToken);
        step = Step("swap", step);

        // Served from here on: the log says so now; keeping it on disk is not part of serving it.
        LogApplied(logger, hash, plan.Source, plan.Listeners.Count);
        if (await SaveAsync(canonical, hash, cancellationToken) is { } unsaved)
        {
            failures = [.. failures, unsaved];
        }

        Step("save", step);
        metrics.PlanApplied(hash);
        await announcements.WriteLineAsync($"plan applied {hash}");
        await announcements.FlushAsync(cancellationToken);
        return Report(hash, true, failures.Count == 0 ? null : string.Join("; ", failures));
    }

    // The plan is served once swapped: a full disk or a read-only state directory must not turn that into a failed
    // apply (the VIPs and the report would never hear of the plan the node serves). It is said instead: a restart
    // would start from the plan saved before.
    private async Task<string?> SaveAsync(byte[] canonical, string hash, CancellationToken cancellationToken)
    {
        try
        {
            await lastGood.SaveAsync(canonical, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotSaved(logger, hash, e.Message);
            return "served, but not saved as the last good plan (a restart starts from the one saved before): " + e.Message;
        }
    }

    /// <summary>Records the time since <paramref name="since"/> as <paramref name="name"/>; returns now.</summary>
    private long Step(string name, long since)
    {
        var now = _time.GetTimestamp();
        metrics.PlanLoad.Record(name, _time.GetElapsedTime(since, now));
        return now;
    }

    private PlanApplyReport Reject(string hash, string error)
    {
        metrics.PlanRejected();
        LastRejected = (hash, error);
        LogRejected(logger, hash, error, tables.Current.Hash);
        return Report(hash, false, error);
    }

    private PlanApplyReport Report(string hash, bool accepted, string? error) =>
        new(nodeName, hash, accepted, error, Ready) { Serving = tables.HasPlan ? tables.Current.Hash : null };

    [LoggerMessage(Level = LogLevel.Information, Message = "plan {Hash} from {Source} applied ({Listeners} listeners)")]
    private static partial void LogApplied(ILogger logger, string hash, string source, int listeners);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan {Hash} is served but was not saved as the last good plan: {Error}")]
    private static partial void LogNotSaved(ILogger logger, string hash, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan {Hash} rejected: {Error}; still serving {Current}")]
    private static partial void LogRejected(ILogger logger, string hash, string error, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan {Hash}: {Warning}")]
    private static partial void LogNotEnforced(ILogger logger, string hash, string warning);
}
