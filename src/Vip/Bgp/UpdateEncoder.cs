namespace GitGateway.Vip.Bgp;

/// <summary>Writes an UPDATE body (RFC 4271 §4.3): known attributes in type-code order, then the others as received.</summary>
internal static class UpdateEncoder
{
    public static void Write(ByteWriter writer, UpdateMessage update, bool fourOctetAs)
    {
        var withdrawnAt = writer.Length;
        writer.UInt16(0);
        foreach (var prefix in update.Withdrawn)
        {
            PrefixCodec.Write(writer, prefix);
        }

        writer.PatchUInt16(withdrawnAt, (ushort)(writer.Length - withdrawnAt - 2));
        var attributesAt = writer.Length;
        writer.UInt16(0);
        WriteAttributes(writer, update.Attributes, fourOctetAs);
        writer.PatchUInt16(attributesAt, (ushort)(writer.Length - attributesAt - 2));
        foreach (var prefix in update.Nlri)
        {
            PrefixCodec.Write(writer, prefix);
        }
    }

    private static void WriteAttributes(ByteWriter w, PathAttributes a, bool fourOctetAs)
    {
        const byte wellKnown = PathAttributes.Transitive;
        const byte optionalTransitive = PathAttributes.Optional | PathAttributes.Transitive;
        if (a.Origin is { } origin)
        {
            Attribute(w, wellKnown, PathAttributes.OriginCode, v => v.Byte((byte)origin));
        }

        if (a.AsPath is { } path)
        {
            Attribute(w, wellKnown, PathAttributes.AsPathCode, v => WriteAsPath(v, path, fourOctetAs));
        }

        if (a.NextHop is { } nextHop)
        {
            Attribute(w, wellKnown, PathAttributes.NextHopCode, v => v.Bytes(nextHop.GetAddressBytes()));
        }

        if (a.Med is { } med)
        {
            Attribute(w, PathAttributes.Optional, PathAttributes.MedCode, v => v.UInt32(med));
        }

        if (a.LocalPref is { } localPref)
        {
            Attribute(w, wellKnown, PathAttributes.LocalPrefCode, v => v.UInt32(localPref));
        }

        if (a.Communities is { } communities)
        {
            Attribute(w, optionalTransitive, PathAttributes.CommunitiesCode, v =>
            {
                foreach (var c in communities)
                {
                    v.UInt32(c);
                }
            });
        }

        if (a.MpReach is { } reach)
        {
            Attribute(w, PathAttributes.Optional, PathAttributes.MpReachCode, v => WriteMpReach(v, reach));
        }

        if (a.MpUnreach is { } unreach)
        {
            Attribute(w, PathAttributes.Optional, PathAttributes.MpUnreachCode, v =>
            {
                v.UInt16(unreach.Family.Afi);
                v.Byte(unreach.Family.Safi);
                foreach (var prefix in unreach.Withdrawn)
                {
                    PrefixCodec.Write(v, prefix);
                }
            });
        }

        if (a.LargeCommunities is { } large)
        {
            Attribute(w, optionalTransitive, PathAttributes.LargeCommunitiesCode, v =>
            {
                foreach (var c in large)
                {
                    v.UInt32(c.GlobalAdmin);
                    v.UInt32(c.Local1);
                    v.UInt32(c.Local2);
                }
            });
        }

        foreach (var raw in a.Others)
        {
            Attribute(w, raw.Flags, raw.TypeCode, v => v.Bytes(raw.Value.Items.AsSpan()));
        }
    }

    private static void WriteAsPath(ByteWriter v, IEnumerable<AsPathSegment> path, bool fourOctetAs)
    {
        foreach (var segment in path)
        {
            v.Byte(segment.Type);
            v.Byte((byte)segment.Asns.Count);
            foreach (var asn in segment.Asns)
            {
                if (fourOctetAs)
                {
                    v.UInt32(asn);
                }
                else
                {
                    // A 2-octet speaker sees AS_TRANS for an AS that needs four octets (RFC 6793 §4.2.2).
                    v.UInt16(asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn);
                }
            }
        }
    }

    private static void WriteMpReach(ByteWriter v, MpReach reach)
    {
        v.UInt16(reach.Family.Afi);
        v.Byte(reach.Family.Safi);
        var nextHop = reach.NextHop.GetAddressBytes();
        var linkLocal = reach.LinkLocalNextHop?.GetAddressBytes() ?? [];
        v.Byte((byte)(nextHop.Length + linkLocal.Length));
        v.Bytes(nextHop);
        v.Bytes(linkLocal);
        v.Byte(0); // reserved (RFC 4760 §3)
        foreach (var prefix in reach.Nlri)
        {
            PrefixCodec.Write(v, prefix);
        }
    }

    private static void Attribute(ByteWriter w, byte flags, byte code, Action<ByteWriter> value)
    {
        var body = new ByteWriter();
        value(body);
        var extended = body.Length > 255;
        w.Byte((byte)((flags & ~PathAttributes.ExtendedLength) | (extended ? PathAttributes.ExtendedLength : 0)));
        w.Byte(code);
        if (extended)
        {
            w.UInt16((ushort)body.Length);
        }
        else
        {
            w.Byte((byte)body.Length);
        }

        w.Bytes(body.Written);
    }
}
