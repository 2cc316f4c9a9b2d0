using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;
using k8s.Models;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// What the reviews and held checks left in the state copy (<see cref="ClusterStateCopy"/>): which head and base each
/// open pull request's comment shows (<c>reviewed-heads.json.gz</c>, the state folder's <c>reviewed.json</c>), which
/// plans pull requests showed (<c>reviewed-plans.json.gz</c>, <c>reviewed-plans.json</c>, read by the
/// apply-only-reviewed mode) and the check runs left in progress for held commits (<c>held-checks.json.gz</c>,
/// <c>held-checks.json</c>), and the hash of what the drift check last said (<c>drift-check.sha256.gz</c>,
/// <c>drift-check.sha256</c>, so a new leader does not write the same drift check again). Each is kept to <see cref="MaxBytes"/> gzipped: over it, the newest records are kept (the
/// highest pull request numbers; the plans shown last; the runs held last) and the rest is left out, which costs one
/// more review of a pull request left out (its comment edited in place, its plan check written again), or a second
/// check run beside a held one, and nothing else.
/// </summary>
internal static class ReviewedCopy
{
    public const string HeadsKey = "reviewed-heads.json.gz";
    public const string PlansKey = "reviewed-plans.json.gz";
    public const string HeldChecksKey = "held-checks.json.gz";
    public const string DriftCheckKey = "drift-check.sha256.gz";

    /// <summary>Room for each, gzipped (the drift hash is a few bytes): together about a third of the ConfigMap, the rest is the state's and the plan's.</summary>
    public const int MaxBytes = 112 * 1024;

    /// <summary>The heads, gzipped, newest pull requests first when they do not all fit; and how many were kept.</summary>
    public static (byte[] Gzip, int Kept) Heads(IReadOnlyDictionary<int, ReviewedHead> heads) =>
        Fit([.. heads.OrderByDescending(h => h.Key)], kept => ReviewedHeadsStore.Serialize(kept));

    /// <summary>The plans, gzipped, those shown last first when they do not all fit; and how many were kept.</summary>
    public static (byte[] Gzip, int Kept) Plans(IReadOnlyDictionary<string, ReviewedPlan> plans) =>
        Fit([.. plans.OrderByDescending(p => p.Value.Order)], kept => ReviewedPlans.Serialize(kept));

    /// <summary>The held check runs, gzipped, those held last first when they do not all fit; and how many were kept.</summary>
    public static (byte[] Gzip, int Kept) HeldChecks(IReadOnlyList<GitHub.HeldCheckRun> oldestFirst) =>
        Fit([.. oldestFirst.Reverse()], kept => GitHub.HeldCheckRuns.Serialize(kept.Reverse()));

    /// <summary>Every key of these, when <paramref name="map"/> holds one: removed to make room for the state; false when there were none.</summary>
    public static bool Drop(V1ConfigMap map) =>
        map.BinaryData is { } binary && (binary.Remove(HeadsKey) | binary.Remove(PlansKey) | binary.Remove(HeldChecksKey) | binary.Remove(DriftCheckKey));

    /// <summary>
    /// Writes the copy's records into <paramref name="stateDirectory"/>, each only when the copy has it (a copy written
    /// before reviews were copied leaves the volume's file). One that does not unpack is left out and named in the
    /// returned list: it costs reviews, not the takeover.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RestoreAsync(V1ConfigMap? map, string stateDirectory, CancellationToken cancellationToken)
    {
        var unreadable = new List<string>();
        foreach (var (key, file) in new[] { (HeadsKey, ReviewedHeadsStore.FileName), (PlansKey, ReviewedPlans.FileName), (HeldChecksKey, GitHub.HeldCheckRuns.FileName), (DriftCheckKey, Drift.DriftWatch.WrittenFileName) })
        {
            if (map?.BinaryData?.TryGetValue(key, out var gz) is not true)
            {
                continue;
            }

            byte[] json;
            try
            {
                json = ClusterStateCopy.Gunzip(gz, MaxBytes * 64);
            }
            catch (InvalidDataException)
            {
                unreadable.Add(key);
                continue;
            }

            await AtomicFile.WriteAsync(Path.Combine(stateDirectory, file), json, cancellationToken);
        }

        return unreadable;
    }

    /// <summary>The first records of <paramref name="newestFirst"/> that fit in <see cref="MaxBytes"/> once serialised and gzipped.</summary>
    private static (byte[] Gzip, int Kept) Fit<T>(IReadOnlyList<T> newestFirst, Func<IEnumerable<T>, byte[]> serialize)
    {
        var kept = newestFirst.Count;
        while (true)
        {
            var gz = ClusterStateCopy.Gzip(serialize(newestFirst.Take(kept)));
            if (gz.Length <= MaxBytes || kept == 0)
            {
                return (gz, kept);
            }

            // Shrinks by the share that is over (and a tenth more), so a copy far over its room takes few passes.
            kept = Math.Min(kept - 1, (int)(kept * (double)MaxBytes / gz.Length * 0.9));
        }
    }
}
