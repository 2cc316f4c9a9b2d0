using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bfd;

internal static partial class BfdLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "BFD {Peer}: {From} -> {To} (diag {Diagnostic})")]
    public static partial void StateChanged(ILogger logger, string peer, BfdState from, BfdState to, byte diagnostic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BFD: receive failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BFD {Peer}: send failed: {Error}")]
    public static partial void SendFailed(ILogger logger, string peer, string error);
}
