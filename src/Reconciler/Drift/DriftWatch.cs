using System.Security.Cryptography;
using System.Text;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Drift;

/// <summary>
/// Looks at the nodes every <see cref="DriftOptions.Interval"/> (issue 15): evaluates drift (<see cref="DriftTracker"/>),
/// re-sends their revision to nodes behind (<see cref="DriftRepair"/>, through the publisher every node long-polls),
/// and sets the <c>gitgateway/drift</c> check on the applied head when what it says changes (<see cref="DriftCheckText"/>),
/// through the code host, which for GitHub is the rate-limit-aware outbox. A node counts for the check and the
/// repair only once it has differed for the grace, so a revision on its way to the nodes is not drift.
/// </summary>
/// <remarks>
/// With <paramref name="stateDirectory"/>, what the check last said is kept there (as a hash), so a restart does not
/// write the same check again; with <paramref name="copy"/> (the state copy in the cluster) it is handed on too, so a
/// replica that takes over does not either. No check is written while no node has ever reported: there is nothing to drift.
/// Each look first lets go the nodes that no longer exist (<see cref="FleetRoster"/>, against <paramref name="nodes"/>,
/// the repository's node list), so the check turns green once the only node differing is one that was removed.
/// </remarks>
internal sealed partial class DriftWatch(
    PlanPublisher publisher, ICodeHost host, DriftOptions options, TimeProvider time, ILogger<DriftWatch> logger, string? stateDirectory = null, IReadOnlyList<string>? nodes = null,
    Func<byte[], CancellationToken, Task>? copy = null)
    : BackgroundService
{
    /// <summary>Where, in the state directory, the hash of what the check last said is kept.</summary>
    public const string WrittenFileName = "drift-check.sha256";

    private readonly DriftRepair _repair = new(options);
    private readonly string? _writtenFile = stateDirectory is null ? null : Path.Combine(stateDirectory, WrittenFileName);
    private string? _written;
    private bool _loaded;

    /// <summary>The repairs in progress, given up, or recently done.</summary>
    public IReadOnlyList<RepairRecord> Repairs => _repair.Records;

    /// <summary>One look: drift, repair, check.</summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Forget(now);
        var drifts = publisher.Drift.Evaluate(publisher);
        Repair(drifts, now);
        if (publisher.Current is not { } applied)
        {
            return;
        }

        if (publisher.Nodes.Count == 0 && await WrittenAsync(cancellationToken) is null)
        {
            return; // no node ever reported; once one did, the check follows the fleet even when every node went
        }

        var counted = drifts.Where(d => now - d.Since >= options.Grace).ToList();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DriftCheckText.Key(applied.Commit, counted))));
        if (key == await WrittenAsync(cancellationToken))
        {
            return;
        }

        await host.SetCheckAsync(DriftCheckText.For(applied, publisher.Nodes.Count, counted, now), cancellationToken);
        _written = key;
        if (_writtenFile is not null)
        {
            await AtomicFile.WriteAsync(_writtenFile, Encoding.UTF8.GetBytes(key), cancellationToken);
        }

        if (copy is not null)
        {
            await copy(Encoding.UTF8.GetBytes(key), cancellationToken);
        }

        if (counted.Count > 0)
        {
            LogDrift(logger, string.Join(", ", counted.Select(d => d.Node)), applied.Number, string.Join(" | ", counted.Select(d => d.Node + ": " + string.Join("; ", d.Differences))));
        }
        else
        {
            LogNoDrift(logger, applied.Number);
        }
    }

    /// <summary>What the check last said (its hash), read from the state directory on the first look.</summary>
    private async Task<string?> WrittenAsync(CancellationToken cancellationToken)
    {
        if (!_loaded && _writtenFile is not null && File.Exists(_writtenFile) && new FileInfo(_writtenFile).Length == 64)
        {
            _written = (await File.ReadAllTextAsync(_writtenFile, cancellationToken)).Trim();
        }

        _loaded = true;
        return _written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await LookAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The top of the loop: a failed look (a full disk under the outbox) is logged and the next one tries again.
                    LogLookFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a shutdown, not a failure of the host (which would log it as a crashed service).
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (node, reason) in FleetRoster.Gone(publisher.Nodes.Values, nodes ?? [], options.ForgetAfter, now))
        {
            if (publisher.Forget(node))
            {
                LogForgotten(logger, node.Name, reason);
            }
        }
    }

    private void Repair(IReadOnlyList<NodeDrift> drifts, DateTimeOffset now)
    {
        foreach (var (record, step) in _repair.Step(drifts, now))
        {
            switch (step)
            {
                case RepairStep.Resend:
                    publisher.Resend(record.Node);
                    LogResent(logger, record.Node, record.Revision, record.Attempts, options.MaxRepairs);
                    break;
                case RepairStep.GaveUp:
                    LogGaveUp(logger, record.Node, record.Revision, record.Attempts);
                    break;
                case RepairStep.Repaired:
                    LogRepaired(logger, record.Node, record.Revision, record.Attempts);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift: {Nodes} differ from revision {Revision}: {Differences}")]
    private static partial void LogDrift(ILogger logger, string nodes, long revision, string differences);

    [LoggerMessage(Level = LogLevel.Information, Message = "No drift: every node serves revision {Revision} as planned")]
    private static partial void LogNoDrift(ILogger logger, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair: node {Node} is behind; re-sent revision {Revision} (attempt {Attempt} of {Max})")]
    private static partial void LogResent(ILogger logger, string node, long revision, int attempt, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "Repair: node {Node} still does not serve revision {Revision} after {Attempts} re-sends; left in drift")]
    private static partial void LogGaveUp(ILogger logger, string node, long revision, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repair: node {Node} serves revision {Revision} again after {Attempts} re-send(s)")]
    private static partial void LogRepaired(ILogger logger, string node, long revision, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} let go from the fleet view: {Reason}")]
    private static partial void LogForgotten(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift look failed: {Error}")]
    private static partial void LogLookFailed(ILogger logger, string error);
}
