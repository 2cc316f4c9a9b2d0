using GitGateway.Plan.Delta;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The revisions published last (at most <see cref="MaxRevisions"/>), so a node long-polling with the hash of one of
/// them is sent the new plan as a <see cref="PlanDelta"/> against it rather than whole. A node whose hash is not
/// among them (it missed revisions, or was never given one) gets the whole plan; so does a delta that would not be
/// less than half the whole plan's size. Deltas are built once per base and target, for every node asking: nodes woken
/// by the same publish wait for the one build in progress rather than each building it again.
/// </summary>
internal sealed class PlanDeltas
{
    public const int MaxRevisions = 8;

    private readonly Lock _gate = new();
    private readonly List<PlanRevision> _recent = [];
    private readonly Dictionary<(string Base, string Target), Lazy<byte[]?>> _built = [];

    /// <summary>Keeps <paramref name="revision"/> as a base later deltas may start from.</summary>
    public void Remember(PlanRevision? revision)
    {
        if (revision is null)
        {
            return;
        }

        lock (_gate)
        {
            _recent.RemoveAll(r => r.PlanHash == revision.PlanHash);
            _recent.Add(revision);
            if (_recent.Count > MaxRevisions)
            {
                var dropped = _recent[0].PlanHash;
                _recent.RemoveAt(0);
                foreach (var key in _built.Keys.Where(k => k.Base == dropped || k.Target == dropped).ToList())
                {
                    _built.Remove(key);
                }
            }
        }
    }

    /// <summary>The delta from the plan hashed <paramref name="have"/> to <paramref name="target"/>, or null to send it whole.</summary>
    public byte[]? For(string? have, PlanRevision target)
    {
        if (have is null || have == target.PlanHash)
        {
            return null;
        }

        Lazy<byte[]?>? delta;
        lock (_gate)
        {
            if (!_built.TryGetValue((have, target.PlanHash), out delta))
            {
                if (_recent.Find(r => r.PlanHash == have) is not { } from)
                {
                    return null;
                }

                delta = new Lazy<byte[]?>(() => Build(from, target), LazyThreadSafetyMode.ExecutionAndPublication);
                _built[(have, target.PlanHash)] = delta;
            }
        }

        return delta.Value;
    }

    private static byte[]? Build(PlanRevision from, PlanRevision target)
    {
        var bytes = PlanDeltaJson.ToBytes(PlanDeltaBuilder.Build(from.Plan, from.PlanHash, target.Plan, target.PlanHash));
        return bytes.Length * 2 < target.CanonicalJson.Length ? bytes : null;
    }
}
