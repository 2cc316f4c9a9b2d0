using GitGateway.Vip.Bfd;

namespace GitGateway.Vip.Tests.Bfd;

public sealed class BfdCodecTests
{
    [Fact]
    public void BfdCodec_ControlPacket_RoundTrips()
    {
        var packet = new BfdPacket(3, BfdState.Up, true, false, 3, 0x11223344, 0x55667788, 300_000, 300_000);

        Assert.Equal(packet, BfdCodec.TryDecode(BfdCodec.Encode(packet)));
    }

    [Theory]
    [InlineData("version 2", 0, 0x40)]
    [InlineData("detect multiplier 0", 2, 0)]
    [InlineData("length 20", 3, 20)]
    [InlineData("multipoint bit", 1, 0xC1)]
    [InlineData("authentication bit", 1, 0xC4)]
    public void BfdCodec_PacketRfc5880Discards_IsRejected(string name, int index, byte value)
    {
        var bytes = BfdCodec.Encode(new BfdPacket(0, BfdState.Up, false, false, 3, 1, 2, 300_000, 300_000));
        bytes[index] = value;

        Assert.True(BfdCodec.TryDecode(bytes) is null, name);
    }

    [Fact]
    public void BfdCodec_ZeroYourDiscriminatorWhileUp_IsRejected()
    {
        var bytes = BfdCodec.Encode(new BfdPacket(0, BfdState.Up, false, false, 3, 1, 0, 300_000, 300_000));

        Assert.Null(BfdCodec.TryDecode(bytes));
    }
}
