using System.Net;
using FsCheck;
using FsCheck.Fluent;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Bgp;

/// <summary>
/// FsCheck generators of well-formed messages: every value the codec must carry unchanged. UPDATEs that announce
/// carry the mandatory attributes, so decoding never has to treat them as withdrawn.
/// </summary>
internal static class MessageGenerators
{
    private static readonly byte[] KnownCodes = [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 32];

    public static Gen<BgpMessage> Any => Gen.OneOf(
        Open.Select(m => (BgpMessage)m),
        Update.Select(m => (BgpMessage)m),
        Notification.Select(m => (BgpMessage)m),
        RouteRefresh.Select(m => (BgpMessage)m),
        Gen.Constant((BgpMessage)KeepaliveMessage.Instance));

    public static Gen<OpenMessage> Open =>
        from asn in UShort
        from hold in Gen.Elements<ushort>(0, 3, 9, 90, 65535)
        from id in UInt
        from capabilities in Gen.ListOf(Capability, 6)
        select new OpenMessage(4, asn, hold, id, [.. capabilities]);

    public static Gen<NotificationMessage> Notification =>
        from code in Gen.Choose(1, 6)
        from subcode in Gen.Choose(0, 11)
        from data in Bytes(20)
        select new NotificationMessage((byte)code, (byte)subcode, [.. data]);

    public static Gen<RouteRefreshMessage> RouteRefresh =>
        from afi in UShort
        from safi in Gen.Choose(0, 255)
        from subtype in Gen.Choose(0, 2)
        select new RouteRefreshMessage(new BgpFamily(afi, (byte)safi), (byte)subtype);

    public static Gen<UpdateMessage> Update => Gen.OneOf(
        from withdrawn in Gen.ListOf(Prefix4, 10)
        select new UpdateMessage([.. withdrawn], PathAttributes.None, default),
        from withdrawn in Gen.ListOf(Prefix4, 5)
        from attributes in Attributes
        from nlri in Gen.ListOf(Prefix4, 10)
        select new UpdateMessage([.. withdrawn], attributes, [.. nlri]));

    private static Gen<PathAttributes> Attributes =>
        from origin in Gen.Elements(BgpOrigin.Igp, BgpOrigin.Egp, BgpOrigin.Incomplete)
        from path in Gen.ListOf(Segment, 4)
        from nextHop in NextHop
        from med in Maybe(UInt)
        from localPref in Maybe(UInt)
        from communities in Maybe(Gen.NonEmptyListOf(UInt).Select(l => (GitGateway.Plan.EquatableArray<uint>)[.. l.Take(8)]))
        from reach in Gen.OrNull(MpReach)
        from unreach in Gen.OrNull(Gen.ListOf(Prefix6, 5).Select(l => new MpUnreach(BgpFamily.Ipv6Unicast, [.. l])))
        from large in Maybe(Gen.NonEmptyListOf(Large).Select(l => (GitGateway.Plan.EquatableArray<LargeCommunity>)[.. l.Take(5)]))
        from others in Gen.ListOf(Raw, 3)
        select new PathAttributes(origin, [.. path], nextHop, med, localPref, communities, reach, unreach, large,
            [.. others.DistinctBy(o => o.TypeCode)]);

    private static Gen<MpReach> MpReach =>
        from nextHop in Address6
        from linkLocal in Gen.OrNull(Address6)
        from nlri in Gen.ListOf(Prefix6, 8)
        select new MpReach(BgpFamily.Ipv6Unicast, nextHop, linkLocal, [.. nlri]);

    private static Gen<AsPathSegment> Segment =>
        from type in Gen.Choose(1, 4)
        from asns in Gen.NonEmptyListOf(UInt)
        select new AsPathSegment((byte)type, [.. asns.Take(10)]);

    private static Gen<LargeCommunity> Large =>
        from a in UInt
        from b in UInt
        from c in UInt
        select new LargeCommunity(a, b, c);

    private static Gen<RawAttribute> Raw =>
        from code in Gen.Choose(9, 255).Where(c => !KnownCodes.Contains((byte)c))
        from transitive in Gen.Elements(true, false)
        from partial in Gen.Elements(true, false)
        from value in Bytes(300)
        select new RawAttribute((byte)(0x80 | (transitive ? 0x40 : 0) | (transitive && partial ? 0x20 : 0)), (byte)code, [.. value]);

    private static Gen<BgpCapability> Capability =>
        from code in Gen.Choose(0, 255)
        from value in Bytes(12)
        select new BgpCapability((byte)code, [.. value]);

    private static Gen<IPAddress> NextHop =>
        from first in Gen.Choose(1, 223)
        from rest in Gen.ArrayOf(Gen.Choose(0, 255), 3)
        select new IPAddress([(byte)first, (byte)rest[0], (byte)rest[1], (byte)rest[2]]);

    private static Gen<IPAddress> Address6 => Gen.ArrayOf(Gen.Choose(0, 255), 16).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()));

    private static Gen<IPNetwork> Prefix4 =>
        from length in Gen.Choose(0, 32)
        from address in UInt
        select new IPNetwork(new IPAddress(Mask(BitConverter.GetBytes(address), length)), length);

    private static Gen<IPNetwork> Prefix6 =>
        from length in Gen.Choose(0, 128)
        from address in Gen.ArrayOf(Gen.Choose(0, 255), 16)
        select new IPNetwork(new IPAddress(Mask(address.Select(x => (byte)x).ToArray(), length)), length);

    private static Gen<uint> UInt => Gen.Choose(0, 65535).SelectMany(high => Gen.Choose(0, 65535), (high, low) => ((uint)high << 16) | (uint)low);

    private static Gen<ushort> UShort => Gen.Choose(0, 65535).Select(v => (ushort)v);

    private static Gen<byte[]> Bytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255), length)
        select bytes.Select(b => (byte)b).ToArray();

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct => Gen.OneOf(Gen.Constant((T?)null), gen.Select(v => (T?)v));

    private static byte[] Mask(byte[] address, int length)
    {
        for (var bit = length; bit < address.Length * 8; bit++)
        {
            address[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return address;
    }
}
