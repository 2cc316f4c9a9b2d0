using System.Text.Json;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// The announcer's status document (<c>/vip</c>), now written by a source-generated context: the same bytes as System.Text.Json's
/// reflection serializer under the web defaults wrote for the anonymous shape it had before.
/// </summary>
public sealed class StatusFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> PeerCounts() => [0, 1, 3];

    [Theory]
    [MemberData(nameof(PeerCounts))]
    public void Json_PeersWithAndWithoutValues_SameBytesAsReflectionOfTheFormerShape(int count)
    {
        var peers = Enumerable.Range(0, count).Select(i => new BgpPeerStatus(
            $"127.0.0.{i + 1}", 64512u + (uint)i, (BgpState)(i % 3), i == 0 ? null : Now.AddSeconds(-12.5 * i), i, 2 * i,
            i == 1 ? "hold timer expired: \"<peer>\" & é\n" : null, i * 7L, i == 2 ? "up" : null)).ToList();
        var readiness = new ProxyReadiness(count != 1, count == 0 ? null : "sha256:ab", null);
        var serving = new HashSet<string> { "vip-b", "vip-a", "vip-é" };

        var json = StatusFormatter.Json("node-<1>", readiness, 17, peers, Now, count == 0 ? null : serving, count == 3 ? serving : null);

        Assert.Equal(Former("node-<1>", readiness, 17, peers, Now, count == 0 ? null : serving, count == 3 ? serving : null), json);
    }

    private static string Former(string nodeName, ProxyReadiness readiness, int desiredRoutes, IReadOnlyList<BgpPeerStatus> peers, DateTimeOffset now, IReadOnlySet<string>? serving, IReadOnlySet<string>? floorHold) =>
        JsonSerializer.Serialize(
            new
            {
                node = nodeName,
                proxyReady = readiness.Ready,
                planHash = readiness.PlanHash,
                desiredRoutes,
                serving = (serving ?? new HashSet<string>()).Order(StringComparer.Ordinal),
                floorHold = (floorHold ?? new HashSet<string>()).Order(StringComparer.Ordinal),
                peers = peers.Select(p => new
                {
                    peer = p.Peer,
                    peerAs = p.PeerAs,
                    state = p.State.ToString(),
                    uptimeSeconds = p.EstablishedSince is { } since ? (now - since).TotalSeconds : 0,
                    prefixesAdvertised = p.PrefixesAdvertised,
                    prefixesReceived = p.PrefixesReceived,
                    established = p.Established,
                    lastError = p.LastError,
                    bfd = p.BfdState,
                }),
            },
            JsonSerializerOptions.Web);
}
