using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The part of one repository's control-plane state that a new leader must have, kept in a ConfigMap in the control
/// plane's namespace (<c>&lt;lease&gt;-state-&lt;repository&gt;</c>) so it does not live only on the old leader's
/// volume: <c>state.json</c> (revision in force, its commit and plan hash, last commit looked at, kept teams, node
/// status), the plan in force (<c>plan.json.gz</c>), the GitHub writes not yet accepted (<c>github-outbox.json.gz</c>),
/// the kill switch (<c>paused.json</c>) and what the reviews and held checks left (<see cref="ReviewedCopy"/>: which heads
/// were reviewed, which plans were shown, which check runs wait in progress), so the next leader neither reviews open
/// pull requests again nor opens a second run for a held commit.
/// The leader writes the state here before it is saved on its volume, and so before any node is told of a
/// revision: a replica that takes over restores it (<see cref="RestoreAsync"/>) and serves the same revision with
/// the same number, without applying it again or writing its check again. The outbox is copied after each local
/// save, as well as it can be (a failure is logged, the next save carries it): a write GitHub accepted just before
/// the leader died may be sent once more, never lost; the reviews likewise. Writes carry the resourceVersion read (409:
/// read again). A copy that would exceed <see cref="MaxBytes"/> leaves the reviews out before it refuses the state.
/// </summary>
internal sealed partial class ClusterStateCopy(IKubernetes client, string @namespace, string name, ILogger logger)
{
    public const string StateKey = "state.json";
    public const string PlanKey = "plan.json.gz";
    public const string OutboxKey = "github-outbox.json.gz";

    /// <summary>The kill switch (<see cref="PauseSwitch"/>): its record while paused, empty once resumed.</summary>
    public const string PauseKey = "paused.json";

    /// <summary>What one ConfigMap may hold (the API server refuses more than 1 MiB); the rest of the object needs room too.</summary>
    public const int MaxBytes = 900 * 1024;

    private const int Attempts = 5;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public string Namespace => @namespace;

    public string Name => name;

    /// <summary>The ConfigMap of <paramref name="repository"/> beside the Lease <paramref name="lease"/>.</summary>
    public static string NameFor(string lease, string repository) => $"{lease}-state-{repository}";

    /// <summary>Copies the state (and the plan, when a new one is saved); throws when the cluster does not take it.</summary>
    public Task SaveStateAsync(byte[] state, byte[]? plan, CancellationToken cancellationToken) => UpdateAsync(
        map =>
        {
            map.Data[StateKey] = Encoding.UTF8.GetString(state);
            if (plan is not null)
            {
                map.BinaryData[PlanKey] = Gzip(plan);
            }
        },
        cancellationToken);

    /// <summary>Copies the outbox; a failure is logged and not thrown (the local file has it, the next save copies it).</summary>
    public async Task SaveOutboxAsync(byte[] outbox, CancellationToken cancellationToken)
    {
        try
        {
            await UpdateAsync(map => map.BinaryData[OutboxKey] = Gzip(outbox), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogOutboxNotCopied(logger, @namespace, name, e.GetType().Name, e.Message);
        }
    }

    /// <summary>Copies the kill switch (null = resumed); throws when the cluster does not take it.</summary>
    public Task SavePauseAsync(byte[]? record, CancellationToken cancellationToken) =>
        UpdateAsync(map => map.Data[PauseKey] = record is null ? "" : Encoding.UTF8.GetString(record), cancellationToken);

    /// <summary>Copies which heads were reviewed (<see cref="ReviewedCopy.Heads"/>); a failure is logged, not thrown.</summary>
    public Task SaveReviewedHeadsAsync(IReadOnlyDictionary<int, Review.ReviewedHead> heads, CancellationToken cancellationToken) =>
        SaveReviewsAsync(ReviewedCopy.HeadsKey, ReviewedCopy.Heads(heads), heads.Count, cancellationToken);

    /// <summary>Copies which plans were shown (<see cref="ReviewedCopy.Plans"/>); a failure is logged, not thrown.</summary>
    public Task SaveReviewedPlansAsync(IReadOnlyDictionary<string, Review.ReviewedPlan> plans, CancellationToken cancellationToken) =>
        SaveReviewsAsync(ReviewedCopy.PlansKey, ReviewedCopy.Plans(plans), plans.Count, cancellationToken);

    /// <summary>Copies the check runs held for waiting commits (<see cref="ReviewedCopy.HeldChecks"/>); a failure is logged, not thrown.</summary>
    public Task SaveHeldChecksAsync(IReadOnlyList<GitHub.HeldCheckRun> held, CancellationToken cancellationToken) =>
        SaveReviewsAsync(ReviewedCopy.HeldChecksKey, ReviewedCopy.HeldChecks(held), held.Count, cancellationToken);

    /// <summary>Copies the hash of what the drift check last said (<see cref="ReviewedCopy.DriftCheckKey"/>); a failure is logged, not thrown.</summary>
    public Task SaveDriftCheckAsync(byte[] hash, CancellationToken cancellationToken) =>
        SaveReviewsAsync(ReviewedCopy.DriftCheckKey, (Gzip(hash), 1), 1, cancellationToken);

    /// <summary>
    /// Writes the copy into <paramref name="stateDirectory"/> (<c>state.json</c>, <c>plans/</c>, <c>github-outbox.json</c>,
    /// <c>reviewed.json</c>, <c>reviewed-plans.json</c>, <c>held-checks.json</c>, <c>drift-check.sha256</c>) before the writers start; returns the revision restored, or null when the cluster has no copy (the volume's
    /// state stays). A copy whose plan does not have the hash its state names is not restored.
    /// </summary>
    public async Task<long?> RestoreAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var map = await ReadAsync(cancellationToken);
        await RestorePauseAsync(map, stateDirectory, cancellationToken);
        foreach (var key in await ReviewedCopy.RestoreAsync(map, stateDirectory, cancellationToken))
        {
            LogReviewsUnreadable(logger, @namespace, name, key);
        }

        if (map?.Data?.TryGetValue(StateKey, out var stateJson) is not true)
        {
            return null;
        }

        var state = JsonSerializer.Deserialize(stateJson, StateJsonContext.Web.ControlPlaneState)
            ?? throw new JsonException("state.json is null");
        if (state.PlanHash is { } hash)
        {
            var plan = map.BinaryData?.TryGetValue(PlanKey, out var gz) is true ? Gunzip(gz) : null;
            if (plan is null || PlanJson.Hash(PlanJson.Parse(plan)) != hash)
            {
                LogPlanMismatch(logger, @namespace, name, hash);
                return null;
            }

            await AtomicFile.WriteAsync(Path.Combine(stateDirectory, "plans", hash.Replace(':', '-') + ".json"), plan, cancellationToken);
        }

        if (map.BinaryData?.TryGetValue(OutboxKey, out var outbox) is true)
        {
            await AtomicFile.WriteAsync(Path.Combine(stateDirectory, "github-outbox.json"), Gunzip(outbox), cancellationToken);
        }

        await AtomicFile.WriteAsync(Path.Combine(stateDirectory, "state.json"), Encoding.UTF8.GetBytes(stateJson), cancellationToken);
        return state.Revision;
    }

    /// <summary>
    /// The switch as the last leader left it: a copy that names it decides (paused or resumed), one that does not
    /// (none yet, or written before the switch was copied) leaves the volume's <c>paused.json</c> as it is.
    /// </summary>
    private static async Task RestorePauseAsync(V1ConfigMap? map, string stateDirectory, CancellationToken cancellationToken)
    {
        if (map?.Data?.TryGetValue(PauseKey, out var pause) is not true)
        {
            return;
        }

        var path = Path.Combine(stateDirectory, "paused.json");
        if (pause.Length == 0)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            return;
        }

        await AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(pause), cancellationToken);
    }

    private async Task UpdateAsync(Action<V1ConfigMap> change, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var map = await ReadAsync(cancellationToken);
                var created = map is null;
                map ??= new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = Labels() } };
                map.Data ??= new Dictionary<string, string>();
                map.BinaryData ??= new Dictionary<string, byte[]>();
                change(map);
                var size = Size(map);
                if (size > MaxBytes && ReviewedCopy.Drop(map))
                {
                    // The state and the plan come first: without the reviews a new leader reviews open pull requests again.
                    LogReviewsDropped(logger, @namespace, name, size, MaxBytes);
                    size = Size(map);
                }

                if (size > MaxBytes)
                {
                    throw new InvalidOperationException($"the state copy {@namespace}/{name} would hold {size} bytes, more than {MaxBytes}");
                }

                try
                {
                    await (created
                        ? client.CoreV1.CreateNamespacedConfigMapAsync(map, @namespace, cancellationToken: cancellationToken)
                        : client.CoreV1.ReplaceNamespacedConfigMapAsync(map, name, @namespace, cancellationToken: cancellationToken));
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict && attempt < Attempts)
                {
                    // Written in between (or created by a replica that just led): read again.
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task SaveReviewsAsync(string key, (byte[] Gzip, int Kept) copy, int count, CancellationToken cancellationToken)
    {
        if (copy.Kept < count)
        {
            LogReviewsCut(logger, @namespace, name, key, copy.Kept, count, ReviewedCopy.MaxBytes);
        }

        try
        {
            await UpdateAsync(map => map.BinaryData[key] = copy.Gzip, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogReviewsNotCopied(logger, @namespace, name, key, e.GetType().Name, e.Message);
        }
    }

    private static int Size(V1ConfigMap map) =>
        map.Data.Sum(d => d.Key.Length + Encoding.UTF8.GetByteCount(d.Value)) + map.BinaryData.Sum(b => b.Key.Length + b.Value.Length);

    private async Task<V1ConfigMap?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/managed-by"] = ClusterStatusOptions.FieldManager,
        ["app.kubernetes.io/component"] = "control-plane-state",
    };

    internal static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Unpacks at most <paramref name="max"/> bytes (<see cref="MaxBytes"/> × 64): a copy is ours, but a ConfigMap is writable by others with the right.</summary>
    internal static byte[] Gunzip(byte[] bytes, long max = (long)MaxBytes * 64)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > max)
            {
                throw new InvalidDataException("the state copy unpacks to more than " + max + " bytes");
            }
        }

        return output.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name}: the GitHub outbox was not copied ({Type}: {Error}); the next change copies it")]
    private static partial void LogOutboxNotCopied(ILogger logger, string @namespace, string name, string type, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name}: {Key} was not copied ({Type}: {Error}); the next change copies it, a takeover before that repeats a review or a check run")]
    private static partial void LogReviewsNotCopied(ILogger logger, string @namespace, string name, string key, string type, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name}: {Key} keeps the newest {Kept} of {Count} records ({Max} bytes gzipped at most); a new leader reviews the others again")]
    private static partial void LogReviewsCut(ILogger logger, string @namespace, string name, string key, int kept, int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name}: {Size} bytes are more than {Max}; the reviews are left out so the state fits (a new leader reviews open pull requests again)")]
    private static partial void LogReviewsDropped(ILogger logger, string @namespace, string name, int size, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "state copy {Namespace}/{Name}: {Key} does not unpack; not restored (open pull requests may be reviewed again)")]
    private static partial void LogReviewsUnreadable(ILogger logger, string @namespace, string name, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "state copy {Namespace}/{Name}: its plan is missing or does not have the hash {Hash} its state names; not restored, this replica goes on from its own volume")]
    private static partial void LogPlanMismatch(ILogger logger, string @namespace, string name, string hash);
}
