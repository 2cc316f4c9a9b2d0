using System.Text.Json;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Every plan (by hash, which ignores the source commit and marks) that a pull request's comment showed as what
/// merging would apply, and whether that review passed; kept in <c>reviewed-plans.json</c> in the state folder (at
/// most <see cref="Capacity"/>, the oldest forgotten first). The apply-only-reviewed mode asks it whether the target
/// head's plan was shown green on a pull request. A plan shown again replaces what was known of it: the last
/// review of a plan decides. With leader election each change is also handed to <paramref name="copy"/> (the
/// cluster's state copy), so a pull request reviewed by the last leader and merged after a takeover is applied.
/// </summary>
internal sealed class ReviewedPlans(string? directory, Func<IReadOnlyDictionary<string, ReviewedPlan>, CancellationToken, Task>? copy = null)
{
    public const int Capacity = 2048;
    public const string FileName = "reviewed-plans.json";
    private readonly Dictionary<string, ReviewedPlan> _plans = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _order;

    /// <summary>Raised after a plan is recorded whose entry is new or changed.</summary>
    public event Action? Recorded;

    private string? Path => directory is null ? null : System.IO.Path.Combine(directory, FileName);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Path is not { } path || !File.Exists(path))
        {
            return;
        }

        await using var stream = File.OpenRead(path);
        var saved = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Default.DictionaryStringReviewedPlan, cancellationToken) ?? [];
        lock (_gate)
        {
            foreach (var (hash, plan) in saved.Where(kv => kv.Value is { Head: not null }).OrderBy(kv => kv.Value.Order).TakeLast(Capacity))
            {
                _plans[hash] = plan;
                _order = Math.Max(_order, plan.Order);
            }
        }
    }

    /// <summary>What is known of the plan with <paramref name="hash"/>, or null when no pull request showed it.</summary>
    public ReviewedPlan? Find(string hash)
    {
        lock (_gate)
        {
            return _plans.GetValueOrDefault(hash);
        }
    }

    public async Task RecordAsync(string hash, int pullRequest, string head, bool passed, CancellationToken cancellationToken)
    {
        Dictionary<string, ReviewedPlan> snapshot;
        lock (_gate)
        {
            if (_plans.TryGetValue(hash, out var known) && known.PullRequest == pullRequest && known.Head == head && known.Passed == passed)
            {
                return;
            }

            _plans[hash] = new ReviewedPlan(pullRequest, head, passed, ++_order);
            if (_plans.Count > Capacity)
            {
                _plans.Remove(_plans.MinBy(kv => kv.Value.Order).Key);
            }

            snapshot = new Dictionary<string, ReviewedPlan>(_plans, StringComparer.Ordinal);
        }

        if (Path is { } path)
        {
            await AtomicFile.WriteAsync(path, Serialize(snapshot), cancellationToken);
        }

        if (copy is not null)
        {
            await copy(snapshot, cancellationToken);
        }

        Recorded?.Invoke();
    }

    /// <summary>The file's bytes for <paramref name="plans"/> (what <see cref="LoadAsync"/> reads).</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, ReviewedPlan>> plans) =>
        JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, ReviewedPlan>(plans.ToDictionary(), StringComparer.Ordinal), StateJsonContext.Default.SortedDictionaryStringReviewedPlan);
}
