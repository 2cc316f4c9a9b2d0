using System.Text.Json;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The check runs left in progress for a commit that waits (paused, frozen), by commit and check name, so the next
/// report of that check completes the same run instead of adding a second one beside it. Kept in
/// <c>held-checks.json</c> in the repository's state folder (when there is one), so a restart while paused still
/// completes the run it left; bounded, oldest let go first (its run would then be completed by a new one).
/// </summary>
internal sealed class HeldCheckRuns(string? directory)
{
    public const int MaxHeld = 1_000;

    private readonly string? _path = directory is null ? null : Path.Combine(directory, "held-checks.json");
    private readonly Lock _gate = new();
    private List<HeldCheckRun>? _held;

    public long? Find(string sha, string name)
    {
        lock (_gate)
        {
            return Held().FirstOrDefault(h => h.Sha == sha && h.Name == name)?.Id;
        }
    }

    /// <summary>Remembers (with <paramref name="id"/>) or forgets (null) the run held for the check.</summary>
    public async Task SetAsync(string sha, string name, long? id, CancellationToken cancellationToken)
    {
        byte[] bytes;
        lock (_gate)
        {
            var held = Held();
            var changed = held.RemoveAll(h => h.Sha == sha && h.Name == name) > 0;
            if (id is { } run)
            {
                held.Add(new HeldCheckRun(sha, name, run));
                held.RemoveRange(0, Math.Max(0, held.Count - MaxHeld));
                changed = true;
            }

            if (!changed || _path is null)
            {
                return;
            }

            bytes = JsonSerializer.SerializeToUtf8Bytes(held, JsonSerializerOptions.Web);
        }

        await AtomicFile.WriteAsync(_path, bytes, cancellationToken);
    }

    private List<HeldCheckRun> Held()
    {
        if (_held is null)
        {
            try
            {
                _held = _path is not null && File.Exists(_path)
                    ? JsonSerializer.Deserialize<List<HeldCheckRun>>(File.ReadAllBytes(_path), JsonSerializerOptions.Web)?.Where(h => h is { Sha: not null, Name: not null }).Take(MaxHeld).ToList() ?? []
                    : [];
            }
            catch (JsonException)
            {
                _held = []; // a damaged file costs at most a second run beside a held one
            }
        }

        return _held;
    }
}
