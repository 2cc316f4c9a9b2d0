using System.Net;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Vip.Tests.Peers.RawBgpPeer;

namespace GitGateway.Vip.Tests.Bgp;

/// <summary>
/// Malformed messages from a raw socket peer: each gets the RFC 4271 §6 NOTIFICATION (or, for attribute errors,
/// RFC 7606 treat-as-withdraw with the session kept up), and the session comes back with backoff.
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly byte[] Origin = [0x40, 1, 1, 0];
    private static readonly byte[] AsPath = [0x40, 2, 6, 2, 1, 0, 0, 0xFB, 0xF4];
    private static readonly byte[] NextHop = [0x40, 3, 4, 10, 0, 0, 1];
    private static readonly byte[] Nlri = [24, 10, 1, 0];
    private static readonly byte[] Valid = [.. Origin, .. AsPath, .. NextHop];

    /// <summary>Messages sent instead of the peer's OPEN, with the NOTIFICATION expected.</summary>
    public static TheoryData<string, byte[], byte, byte> BeforeOpen => new()
    {
        { "bad marker", [0, .. Message(BgpMessageType.Open, OpenBody())[1..]], 1, 1 },
        { "length below 19", Patch(Message(BgpMessageType.Keepalive), 17, 18), 1, 2 },
        { "length above 4096", Patch(Patch(Message(BgpMessageType.Keepalive), 16, 0x13), 17, 0x89), 1, 2 },
        { "KEEPALIVE with a body", Message(BgpMessageType.Keepalive, 0), 1, 2 },
        { "unknown message type", Message(9, []), 1, 3 },
        { "OPEN version 3", Message(BgpMessageType.Open, OpenBody(version: 3)), 2, 1 },
        { "OPEN hold time 2", Message(BgpMessageType.Open, OpenBody(hold: 2)), 2, 6 },
        { "OPEN wrong peer AS", Message(BgpMessageType.Open, OpenBody(asn: 64999, parameters: [])), 2, 2 },
        { "OPEN BGP identifier 0", Message(BgpMessageType.Open, OpenBody(id: 0)), 2, 3 },
        { "OPEN authentication parameter", Message(BgpMessageType.Open, OpenBody(parameters: [1, 1, 0])), 2, 4 },
        { "OPEN 4-octet AS capability of 2 octets", Message(BgpMessageType.Open, OpenBody(parameters: [2, 4, 65, 2, 0xFB, 0xF4])), 2, 0 },
        { "OPEN capability overruns its parameter", Message(BgpMessageType.Open, OpenBody(parameters: [2, 3, 1, 4, 0])), 2, 0 },
        { "OPEN parameters length overruns", Patch(Message(BgpMessageType.Open, OpenBody()), 28, 40), 2, 0 },
        { "UPDATE instead of OPEN", Message(BgpMessageType.Update, UpdateBody([], [], [])), 5, 1 },
    };

    /// <summary>UPDATEs sent on an established session that reset it, with the NOTIFICATION expected.</summary>
    public static TheoryData<string, byte[], byte, byte> Established => new()
    {
        { "withdrawn length overruns", Message(BgpMessageType.Update, [0, 40, 0, 0]), 3, 1 },
        { "total attribute length overruns", Message(BgpMessageType.Update, [0, 0, 0, 40, .. Origin]), 3, 1 },
        { "NLRI truncated", Message(BgpMessageType.Update, UpdateBody([], Valid, [24, 10])), 3, 10 },
        { "NLRI prefix length 33", Message(BgpMessageType.Update, UpdateBody([], Valid, [33, 10, 1, 0, 0, 0])), 3, 10 },
        { "withdrawn prefix truncated", Message(BgpMessageType.Update, UpdateBody([32, 10], [], [])), 3, 10 },
        { "unrecognized well-known attribute", Message(BgpMessageType.Update, UpdateBody([], [.. Valid, 0x40, 99, 1, 0], Nlri)), 3, 2 },
        { "MP_REACH_NLRI with a 5-octet IPv6 next hop", Message(BgpMessageType.Update, UpdateBody([], [.. Origin, .. AsPath, 0x80, 14, 10, 0, 2, 1, 5, 1, 2, 3, 4, 5, 0], [])), 3, 9 },
        { "MP_UNREACH_NLRI twice", Message(BgpMessageType.Update, UpdateBody([], [0x80, 15, 3, 0, 2, 1, 0x80, 15, 3, 0, 2, 1], [])), 3, 1 },
        { "ROUTE-REFRESH of 5 octets", Message(BgpMessageType.RouteRefresh, 0, 1, 0, 1, 0), 1, 2 },
    };

    /// <summary>UPDATEs whose errors RFC 7606 handles by treat-as-withdraw: the session stays up.</summary>
    public static TheoryData<string, byte[]> TreatAsWithdraw => new()
    {
        { "ORIGIN marked optional", [0xC0, 1, 1, 0, .. AsPath, .. NextHop] },
        { "ORIGIN of 2 octets", [0x40, 1, 2, 0, 0, .. AsPath, .. NextHop] },
        { "ORIGIN value 5", [0x40, 1, 1, 5, .. AsPath, .. NextHop] },
        { "AS_PATH segment overruns", [.. Origin, 0x40, 2, 6, 2, 2, 0, 0, 0xFB, 0xF4, .. NextHop] },
        { "AS_PATH segment type 7", [.. Origin, 0x40, 2, 6, 7, 1, 0, 0, 0xFB, 0xF4, .. NextHop] },
        { "NEXT_HOP of 5 octets", [.. Origin, .. AsPath, 0x40, 3, 5, 10, 0, 0, 1, 0] },
        { "NEXT_HOP 0.0.0.0", [.. Origin, .. AsPath, 0x40, 3, 4, 0, 0, 0, 0] },
        { "NEXT_HOP missing", [.. Origin, .. AsPath] },
        { "ORIGIN missing", [.. AsPath, .. NextHop] },
        { "MED marked well-known", [.. Valid, 0x40, 4, 4, 0, 0, 0, 1] },
        { "COMMUNITIES of 3 octets", [.. Valid, 0xC0, 8, 3, 0, 0, 1] },
        { "LARGE_COMMUNITY of 8 octets", [.. Valid, 0xC0, 32, 8, 0, 0, 0, 1, 0, 0, 0, 2] },
        { "attribute overruns the attribute field", [.. Valid, 0xC0, 8, 200, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(BeforeOpen))]
    public async Task Session_MalformedOpenExchange_SendsNotificationAndReconnects(string name, byte[] bytes, byte code, byte subcode)
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var (session, stop, run) = Start(peer.Port);
        using (var first = await peer.AcceptAsync(Wait, ct))
        {
            Assert.IsType<OpenMessage>(await first.ReadAsync(Wait, ct));
            await first.SendAsync(bytes, ct);
            var notification = await first.ReadNotificationAsync(Wait, ct);
            Assert.True(notification is not null, name + ": no NOTIFICATION");
            Assert.Equal((code, subcode), (notification.Code, notification.Subcode));
        }

        using var second = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await second.ReadAsync(Wait, ct));
        Assert.NotNull(session.Status.LastError);
        await StopAsync(stop, run);
    }

    [Theory]
    [MemberData(nameof(Established))]
    public async Task Session_MalformedMessageWhenEstablished_SendsNotificationAndReconnects(string name, byte[] bytes, byte code, byte subcode)
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var (session, stop, run) = Start(peer.Port);
        using (var first = await EstablishAsync(peer, session, ct))
        {
            await first.SendAsync(bytes, ct);
            var notification = await first.ReadNotificationAsync(Wait, ct);
            Assert.True(notification is not null, name + ": no NOTIFICATION");
            Assert.Equal((code, subcode), (notification.Code, notification.Subcode));
        }

        using var second = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await second.ReadAsync(Wait, ct));
        await StopAsync(stop, run);
    }

    [Theory]
    [MemberData(nameof(TreatAsWithdraw))]
    public async Task Session_AttributeErrorRfc7606_TreatsAsWithdrawAndStaysEstablished(string name, byte[] attributes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var (session, stop, run) = Start(peer.Port);
        using var connection = await EstablishAsync(peer, session, ct);
        await connection.SendAsync(Message(BgpMessageType.Update, UpdateBody([], Valid, Nlri)), ct);
        await Command.PollAsync(() => Task.FromResult(session.Status.PrefixesReceived), n => n == 1, Wait, ct);
        Assert.Equal(1, session.Status.PrefixesReceived);

        await connection.SendAsync(Message(BgpMessageType.Update, UpdateBody([], attributes, Nlri)), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        var received = await Command.PollAsync(() => Task.FromResult(session.Status.PrefixesReceived), n => n == 0, Wait, ct);

        Assert.Equal(0, received);
        Assert.Null(await connection.ReadNotificationAsync(TimeSpan.FromMilliseconds(300), ct));
        Assert.True(session.State == BgpState.Established, name);
        await StopAsync(stop, run);
    }

    private static async Task<RawConnection> EstablishAsync(RawBgpPeer peer, BgpSession session, CancellationToken ct)
    {
        var connection = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await connection.ReadAsync(Wait, ct));
        await connection.SendAsync(Message(BgpMessageType.Open, OpenBody()), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        Assert.IsType<KeepaliveMessage>(await connection.ReadAsync(Wait, ct));
        await Command.PollAsync(() => Task.FromResult(session.State), s => s == BgpState.Established, Wait, ct);
        return connection;
    }

    private static (BgpSession Session, CancellationTokenSource Stop, Task Run) Start(int port)
    {
        var settings = new BgpSessionSettings(64501, IPAddress.Parse("10.0.0.1"), IPAddress.Loopback, port, 64500, 9,
            ConnectRetryMin: TimeSpan.FromMilliseconds(100), ConnectRetryMax: TimeSpan.FromMilliseconds(400));
        var session = new BgpSession(settings, TimeProvider.System, NullLogger<BgpSession>.Instance);
        var stop = new CancellationTokenSource();
        return (session, stop, Task.Run(() => session.RunAsync(stop.Token)));
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
    }

    private static byte[] Patch(byte[] message, int index, byte value)
    {
        message[index] = value;
        return message;
    }
}
