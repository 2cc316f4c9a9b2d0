using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Plans from a file on disk, watched by change notification (<see cref="FileChangeSignal"/>: an event naming the file
/// reads it, any other event in its directory checks its <see cref="FileStamp"/>), with a metadata check every
/// <c>interval</c> (<see cref="DefaultInterval"/>) for the events a watcher can miss, and a stat every
/// <see cref="PollWithoutWatcher"/> when no watcher can be set up. The file is read and hashed only when an event
/// named it, when its stamp changed, or after a read that gave no plan; never on a timer, so an idle node holding a
/// large plan does one stat every few seconds. A file that does not parse is logged and skipped; the node keeps
/// serving what it has.
/// </summary>
internal sealed partial class FilePlanSource(string path, TimeSpan interval, TimeProvider time, ILogger<FilePlanSource> logger) : IPlanSource
{
    /// <summary>How often the file's metadata is checked when change notification works.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often the file's metadata is checked when its directory cannot be watched.</summary>
    public static readonly TimeSpan PollWithoutWatcher = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after an event the file is looked at, so that a write in several chunks is read once.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    private bool _unwatched;

    /// <summary>How many times the file was read in full (for tests: an unchanged file is not read again).</summary>
    internal int Reads { get; private set; }

    /// <summary>How many times a change notification woke the watch (for tests: the events arrive).</summary>
    internal int Wakes { get; private set; }

    public async IAsyncEnumerable<IncomingPlan> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FileChangeSignal? changes = null;
        try
        {
            byte[]? lastDigest = null;
            FileStamp? settled = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                changes ??= Watch();

                // Taken before the stat and the read, so an event during them brings another look.
                var named = changes?.TakeNamed() ?? false;
                var stamp = FileStamp.Of(path);
                if (named || stamp is null || stamp != settled)
                {
                    var read = await ReadIfChangedAsync(lastDigest, cancellationToken);
                    lastDigest = read.Digest ?? lastDigest;

                    // Only a read that left the node on this file's plan settles the stamp; after a failure, read again.
                    settled = read.Settled ? stamp : null;
                    if (read.Plan is not null)
                    {
                        yield return Named(read.Plan);
                    }
                }

                if (!await WaitAsync(changes, cancellationToken))
                {
                    yield break;
                }
            }
        }
        finally
        {
            changes?.Dispose();
        }
    }

    /// <summary>
    /// The plan with its canonical bytes and hash (<see cref="PlanJson.ToCanonicalBytesWithHash"/>), so the applier does not serialise
    /// it again to name it; should that fail, the applier names it as it does any plan.
    /// </summary>
    private static IncomingPlan Named(RoutingPlan plan)
    {
        try
        {
            var (bytes, hash) = PlanJson.ToCanonicalBytesWithHash(plan);
            return IncomingPlan.Rebuilt(plan, bytes, hash);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return IncomingPlan.Of(plan);
        }
    }

    /// <summary>A watcher on the file's directory; logged once while none can be set up (checked again at each poll).</summary>
    private FileChangeSignal? Watch()
    {
        var changes = FileChangeSignal.TryWatch(path, out var reason);
        if (changes is null && !_unwatched)
        {
            LogUnwatched(logger, path, reason ?? "", (int)PollWithoutWatcher.TotalMilliseconds);
        }

        _unwatched = changes is null;
        return changes;
    }

    /// <summary>Waits for an event or the next check; false when the watch is cancelled.</summary>
    private async Task<bool> WaitAsync(FileChangeSignal? changes, CancellationToken cancellationToken)
    {
        try
        {
            if (changes is null)
            {
                await Task.Delay(PollWithoutWatcher < interval ? PollWithoutWatcher : interval, time, cancellationToken);
            }
            else if (await changes.WaitAsync(interval, Settle, time, cancellationToken))
            {
                Wakes++;
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Task ReportAsync(PlanApplyReport report, CancellationToken cancellationToken)
    {
        if (!report.Accepted)
        {
            LogNack(logger, path, report.PlanHash, report.Error ?? "");
        }

        return Task.CompletedTask;
    }

    private async Task<(RoutingPlan? Plan, byte[]? Digest, bool Settled)> ReadIfChangedAsync(byte[]? lastDigest, CancellationToken cancellationToken)
    {
        Reads++;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, path, e.Message);
            return (null, null, false);
        }

        var digest = SHA256.HashData(bytes);
        if (lastDigest is not null && digest.AsSpan().SequenceEqual(lastDigest))
        {
            return (null, null, true);
        }

        try
        {
            return (Parse(bytes), digest, true);
        }
        catch (JsonException e)
        {
            LogUnparsable(logger, path, e.Message);
            return (null, digest, false);
        }
    }

    /// <summary>A plan, or the output of <c>gitgateway render --output json</c> (<c>{"plan": …, "status": …}</c>).</summary>
    /// <exception cref="JsonException">The bytes are not a plan.</exception>
    internal static RoutingPlan Parse(byte[] bytes)
    {
        Range? plan;
        try
        {
            plan = RenderedPlan(bytes);
        }
        catch (InvalidOperationException e)
        {
            // A member name the reader cannot compare (an escape that is no character) refuses the file like bad JSON.
            throw new JsonException(e.Message, e);
        }

        return PlanJson.Parse(plan is { } range ? bytes.AsSpan(range) : bytes);
    }

    /// <summary>
    /// Where the <c>plan</c> member's value lies when the bytes are render output (an object with a <c>plan</c> and no
    /// <c>schemaVersion</c> at the top), else null. One pass of the reader over the top level, skipping values:
    /// no document is built, which for a large plan cost a second full parse and a pooled buffer of its size.
    /// </summary>
    private static Range? RenderedPlan(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        Range? plan = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("schemaVersion"u8))
            {
                return null;
            }

            var isPlan = plan is null && reader.ValueTextEquals("plan"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isPlan)
            {
                plan = start..(int)reader.BytesConsumed;
            }
        }

        // Anything after the top-level object is refused, as a document parse refuses it.
        reader.Read();
        return plan;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan file {Path}: no change notification ({Reason}); checking it every {Milliseconds} ms")]
    private static partial void LogUnwatched(ILogger logger, string path, string reason, int milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan file {Path} unreadable: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan file {Path} is not a plan: {Reason}")]
    private static partial void LogUnparsable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan file {Path}: revision {Hash} rejected: {Error}")]
    private static partial void LogNack(ILogger logger, string path, string hash, string error);
}
