using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Drift;

/// <summary>
/// Which nodes to re-send their revision (issue 15, repair): a node that reports (not silent) but serves another
/// plan than its revision, or none, for at least the grace. Each is re-sent at most <see cref="DriftOptions.MaxRepairs"/>
/// times per revision with doubling back-off, then left in drift as given up (a node that refuses its revision
/// again and again is told so by its own report; re-sending cannot help it). A new revision starts afresh. A silent
/// node is not re-sent anything: it takes its revision when it comes back, by its own long-poll.
/// </summary>
internal sealed class DriftRepair(DriftOptions options)
{
    private static readonly TimeSpan KeepRepaired = TimeSpan.FromHours(1);
    private readonly Dictionary<string, RepairRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The repairs in progress, given up, or done within the last hour, by node.</summary>
    public IReadOnlyList<RepairRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values.OrderBy(r => r.Node, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Moves every record on by the drift seen at <paramref name="now"/>; returns what changed, for the log.</summary>
    public IReadOnlyList<(RepairRecord Record, RepairStep Step)> Step(IReadOnlyList<NodeDrift> drifts, DateTimeOffset now)
    {
        var steps = new List<(RepairRecord, RepairStep)>();
        lock (_gate)
        {
            var behind = drifts.Where(d => d.Behind && !d.Silent && d.Revision is not null && now - d.Since >= options.Grace).ToDictionary(d => d.Node, StringComparer.Ordinal);
            foreach (var record in _records.Values.ToList())
            {
                if (record.RepairedAt is { } at)
                {
                    if (now - at > KeepRepaired)
                    {
                        _records.Remove(record.Node);
                    }
                }
                else if (!drifts.Any(d => d.Node == record.Node && d.Behind))
                {
                    _records.Remove(record.Node);
                    if (record.Attempts > 0)
                    {
                        _records[record.Node] = record with { RepairedAt = now };
                        steps.Add((_records[record.Node], RepairStep.Repaired));
                    }
                }
            }

            foreach (var drift in behind.Values)
            {
                if (Next(drift, now) is { } step)
                {
                    steps.Add(step);
                }
            }
        }

        return steps;
    }

    private (RepairRecord, RepairStep)? Next(NodeDrift drift, DateTimeOffset now)
    {
        if (!_records.TryGetValue(drift.Node, out var record) || record.PlanHash != drift.PlanHash || record.RepairedAt is not null)
        {
            record = new RepairRecord(drift.Node, drift.Revision!.Value, drift.PlanHash!, 0, null, now);
        }

        if (record.GaveUp || now < record.NextAttempt)
        {
            _records[drift.Node] = record;
            return null;
        }

        if (record.Attempts >= options.MaxRepairs)
        {
            _records[drift.Node] = record with { GaveUp = true };
            return (_records[drift.Node], RepairStep.GaveUp);
        }

        var attempts = record.Attempts + 1;
        var wait = TimeSpan.FromTicks(Math.Min(options.MaxRepairBackoff.Ticks, options.RepairBackoff.Ticks << Math.Min(attempts - 1, 20)));
        _records[drift.Node] = record with { Attempts = attempts, LastAttempt = now, NextAttempt = now + wait };
        return (_records[drift.Node], RepairStep.Resend);
    }
}
