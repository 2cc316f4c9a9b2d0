using GitGateway.Vip.Bgp;
using static GitGateway.Vip.Tests.Peers.RawBgpPeer;

namespace GitGateway.Vip.Tests.Fuzz;

/// <summary>Inputs the BGP fuzz tests found, kept as plain cases.</summary>
public sealed class BgpFuzzRegressionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(18)]
    public void Decode_FewerOctetsThanAHeader_BadMessageLength(int length)
    {
        var bytes = Message(BgpMessageType.Keepalive)[..length];

        var error = Assert.Throws<BgpProtocolException>(() => BgpCodec.Decode(bytes));

        Assert.Equal((BgpError.MessageHeader, BgpError.BadMessageLength), (error.Code, error.Subcode));
    }

    [Fact]
    public void Decode_UnrecognizedWellKnownAttributeOf300Octets_NotificationCarriesItWithItsTwoOctetLength()
    {
        // Flags 0x50: well-known, transitive, extended length; type 97 is no attribute this speaker knows.
        byte[] attribute = [0x50, 97, 0x01, 0x2C, .. Enumerable.Repeat((byte)7, 300)];
        var bytes = Message(BgpMessageType.Update, UpdateBody([], attribute, []));

        var error = Assert.Throws<BgpProtocolException>(() => BgpCodec.Decode(bytes));

        Assert.Equal((BgpError.Update, BgpError.UnrecognizedWellKnownAttribute), (error.Code, error.Subcode));
        Assert.Equal(attribute, error.NotificationData);
    }
}
