using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Control-plane state in a directory: <c>state.json</c> and <c>plans/&lt;hash&gt;.json</c>, each written to a
/// temporary file and renamed, so a crash leaves either the old or the new file, never half of one. With
/// <paramref name="copy"/> (leader election), the state and a new plan are first copied where another replica finds
/// them (<see cref="Cluster.ClusterStateCopy"/>); a copy that fails fails the save, so no node is told of a revision
/// that a new leader would not know.
/// </summary>
internal sealed class ControlPlaneStateStore(string directory, Func<byte[], byte[]?, CancellationToken, Task>? copy = null)
{
    public string Directory { get; } = directory;

    /// <exception cref="ControlPlaneStateException"><c>state.json</c> or the plan it names cannot be read.</exception>
    public async Task<(ControlPlaneState State, PlanRevision? Current)> LoadAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, "state.json");
        if (!File.Exists(path))
        {
            return (ControlPlaneState.Empty, null);
        }

        var state = await ReadAsync(path, async () =>
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, StateJsonContext.WebIndented.ControlPlaneState, cancellationToken) ?? ControlPlaneState.Empty;
        });
        if (state.PlanHash is null || state.AppliedCommit is null)
        {
            return (state, null);
        }

        var planPath = PlanPath(state.PlanHash);
        var (bytes, plan) = await ReadAsync(planPath, async () =>
        {
            var bytes = await File.ReadAllBytesAsync(planPath, cancellationToken);
            return (bytes, PlanJson.Parse(bytes));
        });
        return (state, new PlanRevision(state.Revision, state.AppliedCommit, state.PlanHash, plan, bytes));
    }

    private static async Task<T> ReadAsync<T>(string path, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (JsonException e)
        {
            throw new ControlPlaneStateException(path, "not valid state: " + e.Message, e);
        }
        catch (IOException e)
        {
            throw new ControlPlaneStateException(path, "cannot be read: " + e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ControlPlaneStateException(path, "cannot be read: " + e.Message, e);
        }
    }

    public async Task SaveAsync(ControlPlaneState state, PlanRevision? revision, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "plans"));
        if (revision is not null && !File.Exists(PlanPath(revision.PlanHash)))
        {
            await AtomicFile.WriteAsync(PlanPath(revision.PlanHash), revision.CanonicalJson, cancellationToken);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, StateJsonContext.WebIndented.ControlPlaneState);
        if (copy is not null)
        {
            await copy(bytes, revision?.CanonicalJson, cancellationToken);
        }

        await AtomicFile.WriteAsync(Path.Combine(Directory, "state.json"), bytes, cancellationToken);
        if (state.PlanHash is { } hash)
        {
            PruneOtherPlans(PlanPath(hash));
        }
    }

    /// <summary>
    /// Removes every plan file but <paramref name="kept"/>, the one <c>state.json</c> now names: no other is ever read
    /// (a revert to an older plan writes it again), and at 10,000 routes each is 15–20 MB, one per applied revision.
    /// Runs only after <c>state.json</c> is renamed into place, so a crash leaves the named plan on disk. A file that
    /// cannot be removed stays for the next save.
    /// </summary>
    private void PruneOtherPlans(string kept)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "plans"), "*.json"))
        {
            if (file == kept)
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private string PlanPath(string hash) => Path.Combine(Directory, "plans", hash.Replace(':', '-') + ".json");
}
