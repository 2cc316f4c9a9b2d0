using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Reads the path attributes of an UPDATE with the revised error handling of RFC 7606: most malformed attributes
/// make the message "treat-as-withdraw" (§2) and the session stays up; a few are discarded (§7.6, §7.7); a
/// malformed or repeated MP_REACH/MP_UNREACH_NLRI (§3 g, §7.11) and an unrecognized well-known attribute
/// (RFC 4271 §6.3) still reset the session.
/// </summary>
internal sealed class AttributeDecoder
{
    private readonly bool _fourOctetAs;
    private readonly HashSet<byte> _seen = [];
    private readonly List<RawAttribute> _others = [];
    private PathAttributes _result = PathAttributes.None;
    private string? _treatAsWithdraw;

    private AttributeDecoder(bool fourOctetAs) => _fourOctetAs = fourOctetAs;

    public static (PathAttributes Attributes, string? TreatAsWithdraw) Read(ReadOnlySpan<byte> field, bool fourOctetAs, bool hasIpv4Nlri)
    {
        var decoder = new AttributeDecoder(fourOctetAs);
        decoder.ReadAll(field);
        var result = decoder._result with { Others = [.. decoder._others] };
        var error = decoder._treatAsWithdraw ?? MissingMandatory(result, hasIpv4Nlri);
        return (result, error);
    }

    // RFC 7606 §3 d: a missing well-known mandatory attribute is treat-as-withdraw, but only when the message
    // announces something; an UPDATE that only withdraws (or is an End-of-RIB) needs none.
    private static string? MissingMandatory(PathAttributes a, bool hasIpv4Nlri)
    {
        if (!hasIpv4Nlri && a.MpReach is null)
        {
            return null;
        }

        return a.Origin is null ? "missing ORIGIN"
            : a.AsPath is null ? "missing AS_PATH"
            : hasIpv4Nlri && a.NextHop is null ? "missing NEXT_HOP"
            : null;
    }

    private void ReadAll(ReadOnlySpan<byte> field)
    {
        while (field.Length > 0)
        {
            // RFC 7606 §4: an attribute header or value that runs past the Total Path Attribute Length.
            if (field.Length < 3)
            {
                _treatAsWithdraw ??= "attribute header truncated";
                return;
            }

            var flags = field[0];
            var code = field[1];
            var extended = (flags & PathAttributes.ExtendedLength) != 0;
            var headerLength = extended ? 4 : 3;
            if (field.Length < headerLength)
            {
                _treatAsWithdraw ??= "attribute header truncated";
                return;
            }

            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(field[2..]) : field[2];
            if (headerLength + length > field.Length)
            {
                _treatAsWithdraw ??= $"attribute {code} length {length} exceeds the attribute field";
                return;
            }

            var value = field.Slice(headerLength, length);
            field = field[(headerLength + length)..];
            if (!_seen.Add(code))
            {
                if (code is PathAttributes.MpReachCode or PathAttributes.MpUnreachCode)
                {
                    throw new BgpProtocolException(BgpError.Update, BgpError.MalformedAttributeList, $"attribute {code} repeated");
                }

                continue; // RFC 7606 §3 g: keep the first, discard the rest
            }

            ReadOne((byte)(flags & ~PathAttributes.ExtendedLength), code, value);
        }
    }

    private void ReadOne(byte flags, byte code, ReadOnlySpan<byte> value)
    {
        const byte wellKnown = PathAttributes.Transitive;
        const byte optionalTransitive = PathAttributes.Optional | PathAttributes.Transitive;
        switch (code)
        {
            case PathAttributes.OriginCode when Check(flags, wellKnown, code) && Length(value.Length == 1, code):
                if (value[0] > 2)
                {
                    _treatAsWithdraw ??= $"invalid ORIGIN {value[0]}";
                    return;
                }

                _result = _result with { Origin = (BgpOrigin)value[0] };
                return;
            case PathAttributes.AsPathCode when Check(flags, wellKnown, code):
                ReadAsPath(value);
                return;
            case PathAttributes.NextHopCode when Check(flags, wellKnown, code) && Length(value.Length == 4, code):
                ReadNextHop(value);
                return;
            case PathAttributes.MedCode when Check(flags, PathAttributes.Optional, code) && Length(value.Length == 4, code):
                _result = _result with { Med = BinaryPrimitives.ReadUInt32BigEndian(value) };
                return;
            case PathAttributes.LocalPrefCode when Check(flags, wellKnown, code) && Length(value.Length == 4, code):
                _result = _result with { LocalPref = BinaryPrimitives.ReadUInt32BigEndian(value) };
                return;
            case PathAttributes.CommunitiesCode when Check(flags, optionalTransitive, code) && Length(value.Length > 0 && value.Length % 4 == 0, code):
                _result = _result with { Communities = ReadCommunities(value) };
                return;
            case PathAttributes.LargeCommunitiesCode when Check(flags, optionalTransitive, code) && Length(value.Length > 0 && value.Length % 12 == 0, code):
                _result = _result with { LargeCommunities = ReadLargeCommunities(value) };
                return;
            case PathAttributes.MpReachCode or PathAttributes.MpUnreachCode:
                ReadMultiprotocol(flags, code, value);
                return;
            case PathAttributes.OriginCode or PathAttributes.AsPathCode or PathAttributes.NextHopCode or PathAttributes.MedCode
                or PathAttributes.LocalPrefCode or PathAttributes.CommunitiesCode or PathAttributes.LargeCommunitiesCode:
                return; // flags or length error already recorded as treat-as-withdraw
            case PathAttributes.AtomicAggregateCode when value.Length != 0:
            case PathAttributes.AggregatorCode when value.Length != (_fourOctetAs ? 8 : 6):
                return; // RFC 7606 §7.6, §7.7: attribute-discard
            case PathAttributes.AtomicAggregateCode or PathAttributes.AggregatorCode:
                _others.Add(new RawAttribute(flags, code, [.. value]));
                return;
            default:
                ReadUnknown(flags, code, value);
                return;
        }
    }

    private void ReadUnknown(byte flags, byte code, ReadOnlySpan<byte> value)
    {
        if ((flags & PathAttributes.Optional) == 0)
        {
            // RFC 4271 §6.3: a well-known attribute this speaker does not recognize.
            // The data is the attribute as received (type, length, value): a value past 255 octets keeps its 2-octet length.
            byte[] length = value.Length > byte.MaxValue ? [(byte)(value.Length >> 8), (byte)value.Length] : [(byte)value.Length];
            var type = (byte)(value.Length > byte.MaxValue ? flags | PathAttributes.ExtendedLength : flags);
            throw new BgpProtocolException(BgpError.Update, BgpError.UnrecognizedWellKnownAttribute, $"unrecognized well-known attribute {code}", [type, code, .. length, .. value]);
        }

        // Unrecognized optional attributes are accepted (RFC 4271 §5); routes are counted, never re-advertised.
        _others.Add(new RawAttribute(flags, code, [.. value]));
    }

    private bool Check(byte flags, byte expected, byte code)
    {
        // RFC 7606 §3 c: Optional/Transitive in conflict with the type is malformed; Partial only on optional transitive.
        const byte mask = PathAttributes.Optional | PathAttributes.Transitive;
        var partialAllowed = expected == (PathAttributes.Optional | PathAttributes.Transitive);
        if ((flags & mask) == expected && (partialAllowed || (flags & PathAttributes.Partial) == 0))
        {
            return true;
        }

        _treatAsWithdraw ??= $"attribute {code} flags 0x{flags:x2}";
        return false;
    }

    private bool Length(bool ok, byte code)
    {
        if (!ok)
        {
            _treatAsWithdraw ??= $"attribute {code} has a bad length";
        }

        return ok;
    }

    private void ReadAsPath(ReadOnlySpan<byte> value)
    {
        var width = _fourOctetAs ? 4 : 2;
        var segments = new List<AsPathSegment>();
        while (value.Length > 0)
        {
            // RFC 7606 §7.2: a segment with a bad type, zero length or overrun is treat-as-withdraw.
            if (value.Length < 2 || value[0] is < 1 or > 4 || value[1] == 0 || 2 + (value[1] * width) > value.Length)
            {
                _treatAsWithdraw ??= "malformed AS_PATH";
                return;
            }

            var asns = new uint[value[1]];
            for (var i = 0; i < asns.Length; i++)
            {
                var at = value[(2 + (i * width))..];
                asns[i] = _fourOctetAs ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);
            }

            segments.Add(new AsPathSegment(value[0], [.. asns]));
            value = value[(2 + (asns.Length * width))..];
        }

        _result = _result with { AsPath = [.. segments] };
    }

    private void ReadNextHop(ReadOnlySpan<byte> value)
    {
        var address = new IPAddress(value);
        var first = value[0];
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.Broadcast) || first is >= 224 and <= 239)
        {
            // RFC 4271 §6.3: a semantically invalid NEXT_HOP; the route cannot be used.
            _treatAsWithdraw ??= $"invalid NEXT_HOP {address}";
            return;
        }

        _result = _result with { NextHop = address };
    }

    private static EquatableArray<uint> ReadCommunities(ReadOnlySpan<byte> value)
    {
        var items = new uint[value.Length / 4];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = BinaryPrimitives.ReadUInt32BigEndian(value[(i * 4)..]);
        }

        return [.. items];
    }

    private static EquatableArray<LargeCommunity> ReadLargeCommunities(ReadOnlySpan<byte> value)
    {
        var items = new LargeCommunity[value.Length / 12];
        for (var i = 0; i < items.Length; i++)
        {
            var at = value[(i * 12)..];
            items[i] = new LargeCommunity(BinaryPrimitives.ReadUInt32BigEndian(at), BinaryPrimitives.ReadUInt32BigEndian(at[4..]), BinaryPrimitives.ReadUInt32BigEndian(at[8..]));
        }

        return [.. items];
    }

    private void ReadMultiprotocol(byte flags, byte code, ReadOnlySpan<byte> value)
    {
        // RFC 7606 §7.11: the NLRI of a malformed MP attribute cannot be known, so the session resets.
        if ((flags & (PathAttributes.Optional | PathAttributes.Transitive | PathAttributes.Partial)) != PathAttributes.Optional || value.Length < 3)
        {
            throw new BgpProtocolException(BgpError.Update, BgpError.OptionalAttributeError, $"malformed attribute {code}");
        }

        var family = new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        var addressFamily = family == BgpFamily.Ipv4Unicast ? AddressFamily.InterNetwork
            : family == BgpFamily.Ipv6Unicast ? AddressFamily.InterNetworkV6
            : AddressFamily.Unknown;
        if (addressFamily == AddressFamily.Unknown)
        {
            _others.Add(new RawAttribute(flags, code, [.. value])); // a family not negotiated here: carried, not read
            return;
        }

        if (code == PathAttributes.MpUnreachCode)
        {
            var withdrawn = PrefixCodec.ReadAll(value[3..], addressFamily, BgpError.OptionalAttributeError);
            _result = _result with { MpUnreach = new MpUnreach(family, [.. withdrawn]) };
            return;
        }

        _result = _result with { MpReach = MpReachReader.Read(family, addressFamily, value[3..]) };
    }
}
