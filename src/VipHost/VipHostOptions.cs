using System.Net;
using GitGateway.Vip.Announcing;

namespace GitGateway.VipHost;

/// <summary>What <c>gitgateway-vip</c> runs with (<see cref="VipHostCommandLine"/> reads them).</summary>
internal sealed record VipHostOptions(
    string PlanPath,
    AnnouncerOptions Announcer,
    Uri? ReadyUrl,
    bool AlwaysReady,
    IPAddress StatusAddress,
    int? StatusPort,
    TimeSpan WithdrawDelay,
    TimeSpan PollInterval,
    int MinVips);
