using System.Text.Json;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The kill switch of one repository: while paused, no plan is applied (a commit waits, as in a freeze window, and a
/// canary bake halts). Kept in <c>paused.json</c> in the repository's state folder, apart from the apply state, so an
/// operator's switch never waits on an apply in progress and survives a restart.
/// </summary>
internal sealed class PauseSwitch
{
    private readonly string? _path;
    private volatile PauseRecord? _record;

    public PauseSwitch(string? directory)
    {
        _path = directory is null ? null : Path.Combine(directory, "paused.json");
        if (_path is not null && File.Exists(_path))
        {
            try
            {
                _record = JsonSerializer.Deserialize<PauseRecord>(File.ReadAllBytes(_path), JsonSerializerOptions.Web) ?? new PauseRecord("", DateTimeOffset.MinValue);
            }
            catch (JsonException)
            {
                _record = new PauseRecord("paused.json is unreadable; paused until resumed", DateTimeOffset.MinValue); // the safe side
            }
        }
    }

    public bool Paused => _record is not null;

    /// <summary>Who paused and why, and since when; null while applies run.</summary>
    public PauseRecord? Record => _record;

    public async Task PauseAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new PauseRecord(reason, now);
        if (_path is not null)
        {
            await AtomicFile.WriteAsync(_path, JsonSerializer.SerializeToUtf8Bytes(record, JsonSerializerOptions.Web), cancellationToken);
        }

        _record = record;
    }

    public void Resume()
    {
        if (_path is not null)
        {
            File.Delete(_path);
        }

        _record = null;
    }
}
