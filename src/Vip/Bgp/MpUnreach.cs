using System.Net;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>MP_UNREACH_NLRI (RFC 4760 §4); with no prefixes it is the End-of-RIB marker (RFC 4724 §2).</summary>
public sealed record MpUnreach(BgpFamily Family, EquatableArray<IPNetwork> Withdrawn);
