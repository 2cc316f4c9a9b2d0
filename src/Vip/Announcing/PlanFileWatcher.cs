using System.Security.Cryptography;
using GitGateway.Plan.Serialization;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Feeds a plan file to the announcer, re-reading it when its content changes (polled: editors and deploy tools
/// replace files by rename, which file-change events miss). A missing or broken file, a file that is no plan, or
/// a plan below the floor of VIPs keeps the last good plan: losing the source never withdraws anything.
/// </summary>
public sealed partial class PlanFileWatcher
{
    private readonly string _path;
    private readonly VipAnnouncer _announcer;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<PlanFileWatcher> _logger;
    private readonly AnnouncerOptions _options;
    private readonly int _minVips;
    private string? _lastDigest;

    /// <summary>Creates the watcher; plans are read strictly (<see cref="PlanIntake"/>) against the floor <paramref name="minVips"/>.</summary>
    public PlanFileWatcher(string path, VipAnnouncer announcer, AnnouncerOptions options, int minVips, TimeSpan interval, TimeProvider time, ILogger<PlanFileWatcher> logger)
    {
        _options = options;
        _minVips = minVips;
        _path = path;
        _announcer = announcer;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reads the file once; true when a new plan was applied.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(_path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(_logger, _path, e.Message);
            return false;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (digest == _lastDigest)
        {
            return false;
        }

        _lastDigest = digest;
        var (plan, refusal) = PlanIntake.Read(bytes, _options, _minVips);
        if (plan is null)
        {
            LogUnreadable(_logger, _path, refusal!);
            _announcer.CountRefusal(refusal!);
            return false;
        }

        if (!_announcer.SetPlan(plan))
        {
            return false; // the announcer logged why
        }

        LogLoaded(_logger, _path, PlanJson.Hash(plan));
        return true;
    }

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await PollAsync(cancellationToken);
            try
            {
                await Task.Delay(_interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "plan {Path} loaded: {Hash}")]
    private static partial void LogLoaded(ILogger logger, string path, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "plan {Path} not usable, keeping the last good plan: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);
}
