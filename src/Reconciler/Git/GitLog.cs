namespace GitGateway.Reconciler.Git;

/// <summary>Log messages of the Git layer (never with credentials: commands are redacted).</summary>
internal static partial class GitLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Started {Command} as process {ProcessId}")]
    public static partial void Started(ILogger logger, GitCommand command, int processId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{Command} exited with {ExitCode} after {ElapsedMs} ms")]
    public static partial void Exited(ILogger logger, GitCommand command, int exitCode, long elapsedMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Stopping {Command} (process {ProcessId}): cancelled or timed out")]
    public static partial void Stopping(ILogger logger, GitCommand command, int processId);
}
