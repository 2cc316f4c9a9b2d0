using GitGateway.Plan.Model;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Vip.Tests.Peers.RawBgpPeer;

namespace GitGateway.Vip.Tests.Bgp;

/// <summary>RFC 9687 with a raw socket peer that completes the OPEN exchange and then never reads again.</summary>
public sealed class SendHoldTimerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SendHoldTimer_PeerStopsReadingWithMuchToSend_SessionDroppedWithTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer(receiveBuffer: 4096);
        var options = new AnnouncerOptions("test-node", SendHoldTime: TimeSpan.FromSeconds(2), ConnectRetryMin: TimeSpan.FromSeconds(30), ConnectRetryMax: TimeSpan.FromSeconds(30));
        await using var announcer = new VipAnnouncer(options, new ProxyReadinessSource(ProxyReadiness.AlwaysReady), TimeProvider.System, NullLoggerFactory.Instance);
        var target = TestPlans.Peer("127.0.0.1", 64500, peer.Port, maxPrefixes: 12_000);
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Many(12_000, target, new UpdatePace(10_000, 10_000)))), announcer.LastRefusal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        using var connection = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await connection.ReadAsync(Wait, ct));

        // Hold time 0: no keepalives are due either way, so only the send hold timer can end this session.
        await connection.SendAsync(Message(BgpMessageType.Open, OpenBody(hold: 0)), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        Assert.IsType<KeepaliveMessage>(await connection.ReadAsync(Wait, ct));
        var reset = false;
        var status = await Command.PollAsync(
            async () =>
            {
                // Each ROUTE-REFRESH (RFC 2918, IPv4 unicast) asks for the whole table again, until no buffer holds more.
                try
                {
                    await connection.SendAsync(Message(BgpMessageType.RouteRefresh, 0, 1, 0, 1), ct);
                }
                catch (IOException)
                {
                    reset = true; // the speaker reset the connection: what RFC 9687 asks once the timer expires
                }

                return announcer.Status.Single();
            },
            s => s.State != BgpState.Established && s.LastError is not null,
            TimeSpan.FromSeconds(30),
            ct);

        Assert.NotEqual(BgpState.Established, status.State);
        Assert.Contains("send hold timer expired", status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, status.Established);
        TestContext.Current.TestOutputHelper?.WriteLine(reset ? "the peer saw the reset" : "the peer did not write after the reset");
        await stop.CancelAsync();
        await run;
    }
}
