using System.Text.Json;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The kill switch of one repository: while paused, no plan is applied (a commit waits, as in a freeze window, and a
/// canary bake halts). Kept in <c>paused.json</c> in the repository's state folder, apart from the apply state, so an
/// operator's switch never waits on an apply in progress and survives a restart. With leader election the switch is
/// also copied into the cluster (<paramref name="copy"/>, null bytes = resumed) so a replica that takes over restores
/// it into its folder and <see cref="Reload"/>s it: a pause crosses a takeover, and so does a resume.
/// </summary>
internal sealed class PauseSwitch(string? directory, Func<byte[]?, CancellationToken, Task>? copy = null)
{
    private readonly string? _path = directory is null ? null : Path.Combine(directory, "paused.json");
    private volatile PauseRecord? _record = Load(directory is null ? null : Path.Combine(directory, "paused.json"));

    public bool Paused => _record is not null;

    /// <summary>Who paused and why, and since when; null while applies run.</summary>
    public PauseRecord? Record => _record;

    /// <summary>
    /// Pauses here first (the safe side), then copies the pause to the cluster; a copy that fails throws, so the
    /// operator hears that another replica taking over would not be paused, and pauses again.
    /// </summary>
    public async Task PauseAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new PauseRecord(reason, now);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, StateJsonContext.Web.PauseRecord);
        if (_path is not null)
        {
            await AtomicFile.WriteAsync(_path, bytes, cancellationToken);
        }

        _record = record;
        if (copy is not null)
        {
            await copy(bytes, cancellationToken);
        }
    }

    /// <summary>
    /// Resumes: the cluster's copy first, so a copy that fails throws and leaves this replica paused too (never a
    /// resumed leader whose successor would be paused without anyone knowing why).
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (copy is not null)
        {
            await copy(null, cancellationToken);
        }

        if (_path is not null)
        {
            File.Delete(_path);
        }

        _record = null;
    }

    /// <summary>Reads the switch from the folder again (after a takeover wrote the last leader's switch into it).</summary>
    public void Reload() => _record = Load(_path);

    private static PauseRecord? Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJsonContext.Web.PauseRecord) ?? new PauseRecord("", DateTimeOffset.MinValue);
        }
        catch (JsonException)
        {
            return new PauseRecord("paused.json is unreadable; paused until resumed", DateTimeOffset.MinValue); // the safe side
        }
    }
}
