using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Plans from a file on disk, watched by polling its content hash (robust against editors that replace the file
/// and against file systems without change notifications). A file that does not parse is logged and skipped;
/// the node keeps serving what it has.
/// </summary>
internal sealed partial class FilePlanSource(string path, TimeSpan interval, TimeProvider time, ILogger<FilePlanSource> logger) : IPlanSource
{
    public async IAsyncEnumerable<RoutingPlan> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[]? lastDigest = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var plan = await ReadIfChangedAsync(lastDigest, cancellationToken);
            if (plan.Digest is not null)
            {
                lastDigest = plan.Digest;
            }

            if (plan.Plan is not null)
            {
                yield return plan.Plan;
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

    private async Task<(RoutingPlan? Plan, byte[]? Digest)> ReadIfChangedAsync(byte[]? lastDigest, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (IOException e)
        {
            LogUnreadable(logger, path, e.Message);
            return (null, null);
        }
        catch (UnauthorizedAccessException e)
        {
            LogUnreadable(logger, path, e.Message);
            return (null, null);
        }

        var digest = SHA256.HashData(bytes);
        if (lastDigest is not null && digest.AsSpan().SequenceEqual(lastDigest))
        {
            return (null, null);
        }

        try
        {
            return (Parse(bytes), digest);
        }
        catch (JsonException e)
        {
            LogUnparsable(logger, path, e.Message);
            return (null, digest);
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
