using System.Net;
using CsCheck;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using GitGateway.Vip.Bfd;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Fuzz;

/// <summary>
/// A BFD datagram is hostile (anyone on the link can send one to port 3784): decoding gives a packet that passes
/// every reception check of RFC 5880 §6.8.6 or null (discard), never an exception; an accepted packet encodes back
/// to itself; and a session fed any accepted packets stays in one of its four states.
/// </summary>
public sealed class BfdCodecFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        BfdCodec.Encode(new BfdPacket(0, BfdState.Down, false, false, 3, 0x11223344, 0, 300_000, 300_000)),
        BfdCodec.Encode(new BfdPacket(0, BfdState.Init, false, false, 3, 0x11223344, 0x55667788, 300_000, 300_000)),
        BfdCodec.Encode(new BfdPacket(3, BfdState.Up, true, false, 255, 0xFFFFFFFF, 1, uint.MaxValue, uint.MaxValue, uint.MaxValue)),
        BfdCodec.Encode(new BfdPacket(1, BfdState.AdminDown, false, true, 1, 1, 0, 0, 0)),
        [.. BfdCodec.Encode(new BfdPacket(0, BfdState.Up, false, false, 3, 7, 8, 50_000, 50_000)), 1, 2, 3, 4], // trailing octets
    ];

    private static readonly Gen<BfdPacket> Packet = Gen.Select(
        Gen.Byte[0, 31], Gen.Byte[0, 3], Gen.Bool, Gen.Bool, Gen.Byte, Gen.UInt, Gen.Frequency((1, Gen.Const(0u)), (3, Gen.UInt)), Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt),
        (diag, state, poll, final, multiplier, my, your, intervals) =>
            new BfdPacket(diag, (BfdState)state, poll, final, multiplier, my, your, intervals.Item1, intervals.Item2, intervals.Item3));

    [Fact]
    public void TryDecode_RandomDatagrams_ValidPacketOrDiscarded() =>
        Gen.Byte.Array[0, 600].Sample(Decode, iter: Mutations.Iterations(20_000));

    [Fact]
    public void TryDecode_MutatedPackets_ValidPacketOrDiscarded() =>
        Mutations.Binary(Seeds).Sample(Decode, iter: Mutations.Iterations(20_000));

    [Fact]
    public void TryDecode_OfAnyEncodedPacket_IsThePacketWhenRfc5880AcceptsIt() =>
        Packet.Sample(
            packet =>
            {
                var accepted = packet.DetectMultiplier != 0 && packet.MyDiscriminator != 0
                    && (packet.YourDiscriminator != 0 || packet.State is BfdState.Down or BfdState.AdminDown);

                Assert.Equal(accepted ? packet : null, BfdCodec.TryDecode(BfdCodec.Encode(packet)));
            },
            iter: Mutations.Iterations(20_000));

    [Fact]
    public void Session_AnySequenceOfAcceptedPackets_StaysInAState()
    {
        var settings = new BfdSettings(3, 300, 300);
        Gen.Select(Mutations.Binary(Seeds), Packet).Array[1, 12].Sample(
            packets =>
            {
                using var session = new BfdSession(IPAddress.Loopback, settings, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance, (_, _) => { });
                foreach (var (bytes, made) in packets)
                {
                    var packet = BfdCodec.TryDecode(bytes) ?? BfdCodec.TryDecode(BfdCodec.Encode(made));
                    if (packet is not null)
                    {
                        session.Receive(packet);
                    }

                    Assert.InRange(session.State, BfdState.AdminDown, BfdState.Up);
                }
            },
            iter: Mutations.Iterations(1_000),
            threads: 1);
    }

    private static void Decode(byte[] bytes)
    {
        BfdPacket? packet = null;
        AllocationBudget.Check(bytes.Length, () => packet = BfdCodec.TryDecode(bytes), perInputByte: 0, fixedBytes: 1024);
        if (packet is null)
        {
            return;
        }

        // What is accepted passed every check of RFC 5880 §6.8.6 and means what it said.
        Assert.True(bytes.Length >= BfdCodec.Length && bytes[0] >> 5 == 1 && bytes[3] >= BfdCodec.Length && bytes[3] <= bytes.Length);
        Assert.Equal(0, bytes[1] & 0x05);
        Assert.NotEqual(0, packet.DetectMultiplier);
        Assert.NotEqual(0u, packet.MyDiscriminator);
        Assert.Equal(packet, BfdCodec.TryDecode(BfdCodec.Encode(packet)));
    }
}
