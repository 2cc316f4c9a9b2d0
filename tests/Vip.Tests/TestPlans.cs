using GitGateway.Plan.Model;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Vip.Tests;

/// <summary>Small plans with VIPs for the tests.</summary>
internal static class TestPlans
{
    /// <summary>The pools of <see cref="With"/>: every test VIP lies in 10.200.0.0/16, 198.19.255.0/24 (plumbing) or 2001:db8:100::/48.</summary>
    public static readonly VipPool[] Pools =
    [
        new("test-v4", ["10.200.0.0/16"], [], new SourceMark("platform/vips/pool.yaml", 1, 1)),
        new("test-plumbing", ["198.19.255.0/24"], [], new SourceMark("platform/vips/pool.yaml", 1, 1)),
        new("test-v6", ["2001:db8:100::/48"], [], new SourceMark("platform/vips/pool.yaml", 1, 1)),
    ];

    public static RoutingPlan With(params PlanVip[] vips) => RoutingPlan.Empty("test@sha1:0") with { Vips = [.. vips], VipPools = [.. Pools] };

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
        string[]? nodeSelector = null,
        UpdatePace? pace = null) =>
        new(
            "vip/" + name,
            name,
            [.. addresses],
            addresses.Any(a => a.Contains(':', StringComparison.Ordinal)) ? (addresses.Length > 1 ? "dual" : "ipv6") : "ipv4",
            "BGP",
            [.. ports ?? [80]],
            [.. nodeSelector ?? []],
            default,
            new BgpSettings(localAs, "10.0.0.1", 9, [.. communities ?? []], [.. large ?? []], localPref, med, [.. peers], pace),
            bfd,
            new SourceMark("platform/vips/" + name + ".yaml", 1, 1));

    public static BgpPeer Peer(string address, uint asn, int port, int? maxPrefixes = null, string? passwordSecretRef = null, int? ttlSecurityHops = null) =>
        new($"peer/{address}", address, asn, port, passwordSecretRef, maxPrefixes, ttlSecurityHops);

    /// <summary><paramref name="count"/> single-address VIPs 10.200.x.y/32 to one peer.</summary>
    public static PlanVip[] Many(int count, BgpPeer peer, UpdatePace? pace = null) =>
        [.. Enumerable.Range(1, count).Select(i => Vip($"v{i:D4}", [$"10.200.{i / 256}.{i % 256}/32"], [peer], pace: pace))];
}
