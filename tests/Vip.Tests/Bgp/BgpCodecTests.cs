using System.Net;
using FsCheck;
using FsCheck.Fluent;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Bgp;

public sealed class BgpCodecTests
{
    public static TheoryData<string, BgpMessage> EveryType => new()
    {
        { "OPEN", new OpenMessage(4, OpenMessage.AsTrans, 90, 0x0A000001, [BgpCapability.Multiprotocol(BgpFamily.Ipv6Unicast), BgpCapability.RouteRefresh(), BgpCapability.FourOctetAs(4200000000), BgpCapability.GracefulRestart(true, 120, [BgpFamily.Ipv4Unicast])]) },
        { "UPDATE IPv4", new UpdateMessage([IPNetwork.Parse("10.9.0.0/16")], new PathAttributes(BgpOrigin.Igp, [AsPathSegment.Sequence(4200000000, 64501)], IPAddress.Parse("192.0.2.1"), 5, 100, [0xFBF50064u], LargeCommunities: [new LargeCommunity(64501, 1, 2)]), [IPNetwork.Parse("10.200.0.100/32")]) },
        { "UPDATE IPv6", new UpdateMessage(default, new PathAttributes(BgpOrigin.Igp, [], MpReach: new MpReach(BgpFamily.Ipv6Unicast, IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1"), [IPNetwork.Parse("2001:db8:100::1/128")])), default) },
        { "End-of-RIB IPv6", UpdateMessage.EndOfRib(BgpFamily.Ipv6Unicast) },
        { "NOTIFICATION", new NotificationMessage(6, 2, [1, 2, 3]) },
        { "KEEPALIVE", KeepaliveMessage.Instance },
        { "ROUTE-REFRESH", new RouteRefreshMessage(BgpFamily.Ipv4Unicast, 0) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Codec_EveryMessageType_RoundTrips(string name, BgpMessage message)
    {
        var decoded = BgpCodec.Decode(BgpCodec.Encode(message));

        Assert.True(message.Equals(decoded), name + ": " + decoded);
    }

    [Fact]
    public void Codec_AnyWellFormedMessage_DecodeOfEncodeIsIdentity()
    {
        var property = Prop.ForAll(MessageGenerators.Any.ToArbitrary(), message => message.Equals(BgpCodec.Decode(BgpCodec.Encode(message))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void Codec_TwoOctetAsPeer_EncodesLargeAsAsTrans()
    {
        var update = new UpdateMessage(default, new PathAttributes(BgpOrigin.Igp, [AsPathSegment.Sequence(4200000000)], IPAddress.Parse("192.0.2.1")), [IPNetwork.Parse("10.0.0.0/8")]);

        var decoded = (UpdateMessage)BgpCodec.Decode(BgpCodec.Encode(update, fourOctetAs: false), fourOctetAs: false);

        Assert.Equal(OpenMessage.AsTrans, decoded.Attributes.AsPath!.Value[0].Asns[0]);
    }

    [Fact]
    public void Codec_NlriWithTrailingBits_MasksThemAway()
    {
        var withWithdrawn = Peers.RawBgpPeer.Message(BgpMessageType.Update, Peers.RawBgpPeer.UpdateBody([20, 10, 1, 0xFF], [], []));

        var decoded = (UpdateMessage)BgpCodec.Decode(withWithdrawn);

        Assert.Equal(IPNetwork.Parse("10.1.240.0/20"), decoded.Withdrawn[0]);
    }
}
