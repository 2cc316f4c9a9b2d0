using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bgp;

internal static partial class BgpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "BGP {Peer}: {From} -> {To}")]
    public static partial void StateChanged(ILogger logger, string peer, BgpState from, BgpState to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP {Peer}: session reset: {Reason}")]
    public static partial void SessionReset(ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP {Peer}: UPDATE treated as withdraw (RFC 7606): {Reason}")]
    public static partial void TreatAsWithdraw(ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP {Peer}: announced {Announced}, withdrew {Withdrawn}")]
    public static partial void Sent(ILogger logger, string peer, int announced, int withdrawn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP {Peer}: {Prefix} not announced: family not negotiated or no next hop of its family")]
    public static partial void NoNextHop(ILogger logger, string peer, string prefix);

    [LoggerMessage(Level = LogLevel.Error, Message = "BGP {Peer}: refused {Count} routes, above the peer's maxPrefixes {Cap}; what is advertised stays")]
    public static partial void OverCap(ILogger logger, string peer, int count, int cap);

    [LoggerMessage(Level = LogLevel.Error, Message = "BGP {Peer}: unexpected error")]
    public static partial void Unexpected(ILogger logger, string peer, Exception exception);
}
