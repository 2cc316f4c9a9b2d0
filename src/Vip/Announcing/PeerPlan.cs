using GitGateway.Plan.Model;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Announcing;

/// <summary>A peer as the plan wants it: its session settings and BFD settings (null when BFD is off).</summary>
internal sealed record PeerPlan(BgpSessionSettings Settings, BfdSettings? Bfd);
