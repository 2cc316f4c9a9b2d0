using System.Text.Json;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The check runs left in progress for a commit that waits (paused, frozen), by commit and check name, so the next
/// report of that check completes the same run instead of adding a second one beside it. Kept in
/// <c>held-checks.json</c> in the repository's state folder (when there is one), so a restart while paused still
/// completes the run it left; bounded, oldest let go first (its run would then be completed by a new one). With
/// <paramref name="copy"/> (the state copy in the cluster) each change is also handed on, so a replica that takes
/// over completes the run the last leader left.
/// </summary>
internal sealed class HeldCheckRuns(string? directory, Func<IReadOnlyList<HeldCheckRun>, CancellationToken, Task>? copy = null)
{
    public const int MaxHeld = 1_000;
    public const string FileName = "held-checks.json";

    private readonly string? _path = directory is null ? null : Path.Combine(directory, FileName);
    private readonly Lock _gate = new();
    private List<HeldCheckRun>? _held;
    private DateTime _readStamp;

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
        HeldCheckRun[] now;
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

            now = [.. held];
            bytes = Serialize(now);
        }

        await AtomicFile.WriteAsync(_path, bytes, cancellationToken);
        if (copy is not null)
        {
            await copy(now, cancellationToken);
        }
    }

    /// <summary>The file's form: the runs, oldest first.</summary>
    public static byte[] Serialize(IEnumerable<HeldCheckRun> oldestFirst) => JsonSerializer.SerializeToUtf8Bytes(oldestFirst.ToList(), StateJsonContext.Web.ListHeldCheckRun);

    /// <summary>
    /// The runs, read again whenever the file changed since it was read: a replica that led before and takes the lease
    /// back finds there what the leader in between held (restored from the state copy), not what it held itself.
    /// </summary>
    private List<HeldCheckRun> Held()
    {
        var stamp = _path is not null && File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default;
        if (_held is null || stamp != _readStamp)
        {
            _readStamp = stamp;
            try
            {
                _held = _path is not null && File.Exists(_path)
                    ? JsonSerializer.Deserialize(File.ReadAllBytes(_path), StateJsonContext.Web.ListHeldCheckRun)?.Where(h => h is { Sha: not null, Name: not null }).Take(MaxHeld).ToList() ?? []
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
