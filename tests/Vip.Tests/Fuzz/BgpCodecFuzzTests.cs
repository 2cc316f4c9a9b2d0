using System.Net;
using System.Net.Sockets;
using CsCheck;
using GitGateway.Proxy.Tests.Support;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Bgp;
using static GitGateway.Vip.Tests.Peers.RawBgpPeer;

namespace GitGateway.Vip.Tests.Fuzz;

/// <summary>
/// Every octet a BGP peer sends is hostile. Whatever arrives, decoding gives a message or a
/// <see cref="BgpProtocolException"/> carrying the NOTIFICATION RFC 4271 §6 / RFC 7606 prescribe for the stage that
/// refused it, never another exception, within a small multiple of the message's size in allocations; what decodes
/// cleanly encodes back to the same message.
/// </summary>
public sealed class BgpCodecFuzzTests
{
    private static readonly byte[] Origin = [0x40, 1, 1, 0];
    private static readonly byte[] AsPath = [0x40, 2, 6, 2, 1, 0, 0, 0xFB, 0xF4];
    private static readonly byte[] NextHop = [0x40, 3, 4, 10, 0, 0, 1];
    private static readonly byte[] Ipv4MpReach = [0x80, 14, 12, 0, 1, 1, 4, 10, 0, 0, 1, 0, 24, 10, 1, 0];
    private static readonly byte[] Ipv6MpUnreach = [0x80, 15, 12, 0, 2, 1, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0];
    private static readonly byte[] Unknown = [0xE0, 99, 3, 1, 2, 3, 0x90, 98, 0, 2, 4, 5, 0x80, 6, 0, 0xC0, 7, 8, 0, 0, 0xFB, 0xF4, 10, 0, 0, 1];

    /// <summary>Whole messages: every type, both AS_PATH widths, and raw UPDATEs the encoder does not write.</summary>
    private static readonly byte[][] Seeds =
    [
        .. BgpCodecTests.EveryType.Select(row => BgpCodec.Encode(row.Data.Item2)),
        .. BgpCodecTests.EveryType.Select(row => BgpCodec.Encode(row.Data.Item2, fourOctetAs: false)),
        Message(BgpMessageType.Update, UpdateBody([24, 10, 2, 0], [.. Origin, .. AsPath, .. NextHop, 0x80, 4, 4, 0, 0, 0, 5, 0x40, 5, 4, 0, 0, 0, 100, 0xC0, 8, 4, 0xFB, 0xF5, 0, 100], [32, 10, 200, 0, 100, 24, 10, 1, 0])),
        Message(BgpMessageType.Update, UpdateBody([], [.. Origin, .. AsPath, .. Ipv4MpReach, .. Ipv6MpUnreach], [])),
        Message(BgpMessageType.Update, UpdateBody([], [.. Origin, .. AsPath, .. NextHop, .. Unknown, 0xC0, 32, 12, 0, 0, 0xFB, 0xF4, 0, 0, 0, 1, 0, 0, 0, 2], [0])),
        Message(BgpMessageType.Update, UpdateBody([], [0x50, 2, 0, 6, 2, 1, 0, 0, 0xFB, 0xF4, .. Origin, 0x90, 15, 0, 3, 0, 2, 1], [])),
        Message(BgpMessageType.Update, UpdateBody([], [.. Origin, .. AsPath, .. NextHop, 0x50, 97, 0x01, 0x2C, .. new byte[300]], [8, 10])),
        Message(BgpMessageType.Open, OpenBody(parameters: [2, 6, 1, 4, 0, 2, 0, 1, 2, 8, 64, 6, 0x80, 120, 0, 1, 1, 0x80])),
    ];

    private static readonly Gen<bool> FourOctetAs = Gen.Bool;

    [Fact]
    public void Decode_RandomBodiesBehindAValidMarker_MessageOrNotification()
    {
        // Past the marker, so the random octets reach the header's length and type checks and every body reader.
        var framed = Gen.Select(Gen.Int[0, 6], Gen.Byte.Array[0, 300], Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int[0, 0xFFFF])), FourOctetAs)
            .Select(t => (Bytes: Frame(t.Item1, t.Item2, t.Item3), FourOctetAs: t.Item4));
        framed.Sample(t => _ = Decode(t.Bytes, t.FourOctetAs), iter: Mutations.Iterations(20_000));
    }

    [Fact]
    public void Decode_MutatedMessages_MessageOrNotification() =>
        Gen.Select(Mutations.Binary(Seeds), FourOctetAs).Sample(t => _ = Decode(t.Item1, t.Item2), iter: Mutations.Iterations(20_000));

    [Fact]
    public void Decode_MutatedBodiesWithTheirLengthFixed_MessageOrNotification()
    {
        // A mutated body under a header that matches it: the body readers get every case, not the length check.
        var bodies = Seeds.Select(s => s[BgpCodec.HeaderLength..]).ToArray();
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Mutations.Binary(bodies), FourOctetAs).Sample(
            t => _ = Decode(Frame(Seeds[t.Item1][18], t.Item2, -1), t.Item3),
            iter: Mutations.Iterations(20_000));
    }

    [Fact]
    public void Decode_WhatDecodesCleanly_EncodesBackToTheSameMessage()
    {
        var bodies = Seeds.Select(s => s[BgpCodec.HeaderLength..]).ToArray();
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Mutations.Binary(bodies), FourOctetAs).Sample(
            t =>
            {
                var message = Decode(Frame(Seeds[t.Item1][18], t.Item2, -1), t.Item3);
                if (message is null or UpdateMessage { TreatAsWithdraw: not null })
                {
                    return;
                }

                byte[] again;
                try
                {
                    again = BgpCodec.Encode(message, t.Item3);
                }
                catch (ArgumentException)
                {
                    return; // several OPEN parameters merged past one parameter's 255 octets, or past 4096: never sent back
                }

                Assert.Equal(message, BgpCodec.Decode(again, t.Item3));
            },
            iter: Mutations.Iterations(20_000));
    }

    [Fact]
    public void OpenValidator_DecodedMutatedOpens_NegotiatedOrOpenError()
    {
        var settings = new BgpSessionSettings(64501, IPAddress.Parse("10.255.0.2"), IPAddress.Loopback, 179, 64500);
        var opens = Seeds.Where(s => s[18] == (byte)BgpMessageType.Open).Select(s => s[BgpCodec.HeaderLength..]).ToArray();
        HashSet<BgpFamily> local = [BgpFamily.Ipv4Unicast, BgpFamily.Ipv6Unicast];
        Mutations.Binary(opens).Sample(
            body =>
            {
                if (Decode(Frame((int)BgpMessageType.Open, body, -1), true) is not OpenMessage open)
                {
                    return;
                }

                try
                {
                    var session = OpenValidator.Validate(open, settings, local);
                    Assert.Equal(64500u, session.PeerAs);
                    Assert.True(session.Families.IsSubsetOf(local));
                }
                catch (BgpProtocolException e)
                {
                    Assert.Equal(BgpError.Open, e.Code);
                }
            },
            iter: Mutations.Iterations(20_000));
    }

    [Fact]
    public void PrefixAndMpReachReaders_RandomFields_PrefixesOrNotification() =>
        Gen.Select(Gen.Byte.Array[0, 80], Gen.Bool).Sample(
            t =>
            {
                var (field, v6) = t;
                var family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                Refused(() => Assert.All(PrefixCodec.ReadAll(field, family, BgpError.InvalidNetworkField), p => Assert.Equal(family, p.BaseAddress.AddressFamily)));
                Refused(() => Assert.Equal(family, MpReachReader.Read(v6 ? BgpFamily.Ipv6Unicast : BgpFamily.Ipv4Unicast, family, field).NextHop.AddressFamily));
            },
            iter: Mutations.Iterations(20_000));

    /// <summary>The decoded message, or null after checking the NOTIFICATION the refusal carries.</summary>
    private static BgpMessage? Decode(byte[] bytes, bool fourOctetAs)
    {
        BgpMessage? message = null;
        AllocationBudget.Check(bytes.Length, () => Refused(() => message = BgpCodec.Decode(bytes, fourOctetAs)));
        return message;
    }

    private static void Refused(Action decode)
    {
        try
        {
            decode();
        }
        catch (BgpProtocolException e)
        {
            var allowed = e.Code switch
            {
                BgpError.MessageHeader => e.Subcode is BgpError.ConnectionNotSynchronized or BgpError.BadMessageLength or BgpError.BadMessageType,
                BgpError.Open => e.Subcode is BgpError.Unspecific or BgpError.UnsupportedOptionalParameter,
                BgpError.Update => e.Subcode is BgpError.MalformedAttributeList or BgpError.UnrecognizedWellKnownAttribute
                    or BgpError.OptionalAttributeError or BgpError.InvalidNetworkField,
                _ => false,
            };
            Assert.True(allowed, $"NOTIFICATION {e.Code}/{e.Subcode} for: {e.Message}");
            var notification = (NotificationMessage)BgpCodec.Decode(BgpCodec.Encode(e.ToNotification()));
            if (e is { Code: BgpError.Update, Subcode: BgpError.UnrecognizedWellKnownAttribute })
            {
                AssertIsOneAttribute(notification.Data.Items.AsSpan());
            }
        }
    }

    // RFC 4271 §6.3: the data of an Unrecognized Well-known Attribute error is that attribute: type, length, value.
    private static void AssertIsOneAttribute(ReadOnlySpan<byte> data)
    {
        var extended = (data[0] & PathAttributes.ExtendedLength) != 0;
        var length = extended ? (data[2] << 8) | data[3] : data[2];
        Assert.Equal((extended ? 4 : 3) + length, data.Length);
    }

    /// <summary>A marker, a length field (the true length when <paramref name="lengthField"/> is -1), a type and a body.</summary>
    private static byte[] Frame(int type, byte[] body, int lengthField)
    {
        var message = Message((byte)type, body);
        var length = lengthField < 0 ? Math.Min(message.Length, 0xFFFF) : lengthField;
        message[16] = (byte)(length >> 8);
        message[17] = (byte)length;
        return message;
    }
}
