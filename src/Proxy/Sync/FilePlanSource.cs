using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Plans from a file on disk, watched by polling (robust against editors that replace the file and against file
/// systems without change notifications). Each poll is one stat: the file is read and hashed only when its
/// <see cref="FileStamp"/> changed, when the last read did not give a plan, and once every
/// <see cref="DefaultVerifyEvery"/> in case a writer kept length and timestamp. So an idle node holding a large plan
/// does not re-read it four times a second. A file that does not parse is logged and skipped; the node keeps
/// serving what it has.
/// </summary>
internal sealed partial class FilePlanSource(
    string path, TimeSpan interval, TimeProvider time, ILogger<FilePlanSource> logger, TimeSpan? verifyEvery = null) : IPlanSource
{
    /// <summary>How often the file is read in full even when its stamp is unchanged.</summary>
    public static readonly TimeSpan DefaultVerifyEvery = TimeSpan.FromMinutes(5);

    private readonly TimeSpan _verifyEvery = verifyEvery ?? DefaultVerifyEvery;

    /// <summary>How many times the file was read in full (for tests of the stat-first poll).</summary>
    internal int Reads { get; private set; }

    public async IAsyncEnumerable<IncomingPlan> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[]? lastDigest = null;
        FileStamp? settled = null;
        var lastRead = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var stamp = FileStamp.Of(path);
            if (stamp is null || stamp != settled || time.GetElapsedTime(lastRead) >= _verifyEvery)
            {
                lastRead = time.GetTimestamp();
                var read = await ReadIfChangedAsync(lastDigest, cancellationToken);
                lastDigest = read.Digest ?? lastDigest;

                // Only a read that left the node on this file's plan settles the stamp; after a failure, read again.
                settled = read.Settled ? stamp : null;
                if (read.Plan is not null)
                {
                    yield return IncomingPlan.Of(read.Plan);
                }
            }

            try
            {
                await Task.Delay(interval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
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
    internal static RoutingPlan Parse(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && !document.RootElement.TryGetProperty("schemaVersion", out _)
            && document.RootElement.TryGetProperty("plan", out var plan))
        {
            // The element's own UTF-8 bytes: GetRawText would transcode them and throw InvalidOperationException (not
            // the JsonException a bad file is refused with) on invalid UTF-8 inside a string (found by PlanLoaderFuzzTests).
            return PlanJson.Parse(JsonMarshal.GetRawUtf8Value(plan));
        }

        return PlanJson.Parse(bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan file {Path} unreadable: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan file {Path} is not a plan: {Reason}")]
    private static partial void LogUnparsable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "plan file {Path}: revision {Hash} rejected: {Error}")]
    private static partial void LogNack(ILogger logger, string path, string hash, string error);
}
