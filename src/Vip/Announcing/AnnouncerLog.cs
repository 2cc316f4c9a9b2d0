using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

internal static partial class AnnouncerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "VIP announcer: plan {Hash} with {Vips} VIPs for this node, {Peers} peers")]
    public static partial void PlanApplied(ILogger logger, string hash, int vips, int peers);

    [LoggerMessage(Level = LogLevel.Error, Message = "VIP announcer: plan refused, keeping the last good plan: {Reason}")]
    public static partial void PlanRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "VIP announcer: proxy ready={Ready} plan={Hash}; announcing {Routes} routes")]
    public static partial void Gate(ILogger logger, bool ready, string? hash, int routes);

    [LoggerMessage(Level = LogLevel.Information, Message = "VIP announcer: shutting down; withdrawing every VIP and waiting {Delay} before the proxy drains")]
    public static partial void ShuttingDown(ILogger logger, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VIP announcer: BFD to {Peer} is {State}")]
    public static partial void BfdChanged(ILogger logger, string peer, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "VIP announcer: reconcile failed; keeping what is announced")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "VIP floor: keeping {Vips} announced although the proxy does not report serving them: no other node serves them and the local listener accepts (alert: gitgateway_vip_floor_hold)")]
    public static partial void FloorHold(ILogger logger, string vips);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VIP floor: no VIP is held any more")]
    public static partial void FloorReleased(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VIP plumbing: {Command} failed: {Error}")]
    public static partial void PlumbingFailed(ILogger logger, string command, string error);
}
