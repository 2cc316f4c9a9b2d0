using System.Globalization;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// GTSM (RFC 5082) and TCP MD5 (RFC 2385) against FRR and BIRD in their own namespace, one hop away across a veth
/// pair. Each positive case has a negative twin that differs in one setting.
/// </summary>
public sealed class TransportProtectionTests : IDisposable
{
    private const string Vip = "10.200.0.100/32";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);
    private readonly string _secrets = Directory.CreateTempSubdirectory("gg-secrets-").FullName;

    [Fact]
    public async Task Gtsm_FrrWithTtlSecurityHops1_SessionEstablishesAndVipInRib()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        using var frr = await FrrPeer.StartAsync(ns.Name, router, 64500, speaker, 64501, ct, "ttl-security hops 1");

        var (routes, established) = await AnnounceAsync(TestPlans.Peer(router, 64500, 179, ttlSecurityHops: 1), () => frr.RoutesAsync(ct), Wait, ct);

        Assert.True(Count(routes) == 1, "not in FRR's RIB: " + routes + frr.Log);
        Assert.True(established > 0);
    }

    [Fact]
    public async Task Gtsm_PeerSendsWithTtl1_SessionNeverEstablishes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);

        // A single-hop eBGP neighbor without ttl-security: FRR sends with TTL 1, which our kernel drops.
        using var frr = await FrrPeer.StartAsync(ns.Name, router, 64500, speaker, 64501, ct);

        var (routes, established) = await AnnounceAsync(TestPlans.Peer(router, 64500, 179, ttlSecurityHops: 1), () => frr.RoutesAsync(ct), Quiet, ct);

        Assert.Equal(0, Count(routes));
        Assert.Equal(0, established);
    }

    [Fact]
    public async Task Md5_FrrWithTheSameKey_SessionEstablishesAndVipInRib()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        WriteSecret("tor-1", "s3cret-Key_1\n");
        using var frr = await FrrPeer.StartAsync(ns.Name, router, 64500, speaker, 64501, ct, "password s3cret-Key_1");

        var (routes, established) = await AnnounceAsync(TestPlans.Peer(router, 64500, 179, passwordSecretRef: "tor-1"), () => frr.RoutesAsync(ct), Wait, ct);

        Assert.True(Count(routes) == 1, "not in FRR's RIB: " + routes + frr.Log);
        Assert.True(established > 0);
    }

    [Fact]
    public async Task Md5_FrrWithAnotherKey_SessionNeverEstablishes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        WriteSecret("tor-1", "s3cret-Key_1\n");
        using var frr = await FrrPeer.StartAsync(ns.Name, router, 64500, speaker, 64501, ct, "password another-key");

        var (routes, established) = await AnnounceAsync(TestPlans.Peer(router, 64500, 179, passwordSecretRef: "tor-1"), () => frr.RoutesAsync(ct), Quiet, ct);

        Assert.Equal(0, Count(routes));
        Assert.Equal(0, established);
    }

    [Fact]
    public async Task Md5AndGtsm_FrrOverIpv6_SessionEstablishesAndVipInRib()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker4, router4) = NetNamespace.NewSubnet();
        var prefix = "fd00:" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2));
        await ns.LinkAsync(null, speaker4, router4, ct, prefix);
        WriteSecret("tor-6", "v6-key");
        using var frr = await FrrPeer.StartAsync(ns.Name, router4, 64500, prefix + "::1", 64501, ct, "password v6-key", "ttl-security hops 1");
        var peer = TestPlans.Peer(prefix + "::2", 64500, 179, passwordSecretRef: "tor-6", ttlSecurityHops: 1);

        var (routes, established) = await AnnounceAsync(peer, () => frr.RoutesAsync(ct, "ipv6"), Wait, ct, vip: "2001:db8:100::1/128");

        Assert.True(Count(routes) == 1, "not in FRR's RIB: " + routes + frr.Log);
        Assert.True(established > 0);
    }

    [Fact]
    public async Task Md5AndGtsm_BirdDialsInToTheListener_SessionEstablishesOnlyWithTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        WriteSecret("tor-2", "bird-key");
        var port = Ports.FreeTcp();
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{router}};
            protocol device { scan time 10; }
            protocol bgp gg {
              local {{router}} as 64500;
              neighbor {{speaker}} port {{port}} as 64501;
              password "bird-key";
              ttl security on;
              connect retry time 1;
              ipv4 { import all; export none; };
            }
            """);
        using var bird = await BirdPeer.StartAsync(ns.Name, config, ct);
        var options = new AnnouncerOptions("test-node", Passive: true, ListenPort: port, SecretDirectory: _secrets);

        var (route, established) = await AnnounceAsync(TestPlans.Peer(router, 64500, 179, passwordSecretRef: "tor-2", ttlSecurityHops: 1), () => bird.RouteAsync(Vip, ct), Wait, ct, options);

        Assert.True(route.Length > 0, "not in BIRD's table: " + bird.Log);
        Assert.True(established > 0);
    }

    [Fact]
    public async Task Md5_SecretMissingOrOutsideTheDirectory_PlanRefusedWithTheReason()
    {
        await using var announcer = new VipAnnouncer(new AnnouncerOptions("test-node", SecretDirectory: _secrets), new ProxyReadinessSource(ProxyReadiness.AlwaysReady), TimeProvider.System, NullLoggerFactory.Instance);
        Directory.CreateDirectory(Path.Combine(_secrets, "escape"));
        File.CreateSymbolicLink(Path.Combine(_secrets, "escape", PeerSecrets.KeyFile), "/etc/hostname");

        var missing = announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", [Vip], [TestPlans.Peer("192.0.2.1", 64500, 179, passwordSecretRef: "absent")])));
        var missingReason = announcer.LastRefusal;
        var outside = announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", [Vip], [TestPlans.Peer("192.0.2.1", 64500, 179, passwordSecretRef: "escape")])));
        var outsideReason = announcer.LastRefusal;

        Assert.False(missing);
        Assert.Contains("passwordSecretRef 'absent'", missingReason, StringComparison.Ordinal);
        Assert.False(outside);
        Assert.Contains("leads out of the secret directory", outsideReason, StringComparison.Ordinal);
        Assert.Null(announcer.Plan);
        Assert.Equal(2, announcer.PlansRefused);
    }

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    private static int Count(JsonElement routes) => routes.ValueKind == JsonValueKind.Object ? routes.EnumerateObject().Count() : 0;

    private void WriteSecret(string name, string key)
    {
        Directory.CreateDirectory(Path.Combine(_secrets, name));
        File.WriteAllText(Path.Combine(_secrets, name, PeerSecrets.KeyFile), key);
    }

    /// <summary>Announces <see cref="Vip"/> to <paramref name="peer"/> and polls the router until it has a route or <paramref name="within"/> passes.</summary>
    private async Task<(T Routes, long Established)> AnnounceAsync<T>(Plan.Model.BgpPeer peer, Func<Task<T>> rib, TimeSpan within, CancellationToken ct, AnnouncerOptions? options = null, string vip = Vip)
    {
        options ??= new AnnouncerOptions("test-node", SecretDirectory: _secrets);
        options = options with { ConnectRetryMin = TimeSpan.FromMilliseconds(200), ConnectRetryMax = TimeSpan.FromSeconds(1) };
        await using var announcer = new VipAnnouncer(options, new ProxyReadinessSource(ProxyReadiness.AlwaysReady), TimeProvider.System, NullLoggerFactory.Instance);
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", [vip], [peer]))), announcer.LastRefusal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        var routes = await Command.PollAsync(rib, r => r is JsonElement e ? Count(e) > 0 : r is string s && s.Length > 0, within, ct);
        var established = announcer.Status.Sum(s => s.Established);
        await stop.CancelAsync();
        await run;
        return (routes, established);
    }
}
