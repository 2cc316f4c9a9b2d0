using GitGateway.Plan.Model;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Vip.Tests;

/// <summary>Small plans with VIPs for the tests.</summary>
internal static class TestPlans
{
    public static RoutingPlan With(params PlanVip[] vips) => RoutingPlan.Empty("test@sha1:0") with { Vips = [.. vips] };

    public static PlanVip Vip(
        string name,
        string[] addresses,
        BgpPeer[] peers,
        uint localAs = 64501,
        string[]? communities = null,
        string[]? large = null,
        uint? localPref = null,
        uint? med = null,
        BfdSettings? bfd = null,
        int[]? ports = null,
        string[]? nodeSelector = null) =>
        new(
            "vip/" + name,
            name,
            [.. addresses],
            addresses.Any(a => a.Contains(':', StringComparison.Ordinal)) ? (addresses.Length > 1 ? "dual" : "ipv6") : "ipv4",
            "BGP",
            [.. ports ?? [80]],
            [.. nodeSelector ?? []],
            default,
            new BgpSettings(localAs, "10.0.0.1", 9, [.. communities ?? []], [.. large ?? []], localPref, med, [.. peers]),
            bfd,
            new SourceMark("platform/vips/" + name + ".yaml", 1, 1));

    public static BgpPeer Peer(string address, uint asn, int port) => new($"peer/{address}", address, asn, port, null);
}
