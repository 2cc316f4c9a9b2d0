using System.Text.Json;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Plan.Serialization;

/// <summary>The readers of the plan's VIPs (with their BGP and BFD settings) and VIP pools.</summary>
internal static class VipReader
{
    public static PlanVip? Vip(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, name = null, family = null, mode = null;
        EquatableArray<string> addresses = default, nodeSelector = default;
        EquatableArray<int> ports = default;
        EquatableArray<ObjectRef> gateways = default;
        var (bgp, bfd, source) = ((BgpSettings?)null, (BfdSettings?)null, (SourceMark?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("addresses"u8)) { addresses = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("addressFamily"u8)) { family = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("mode"u8)) { mode = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("ports"u8)) { ports = F.Ints(ref reader); }
            else if (reader.ValueTextEquals("nodeSelector"u8)) { nodeSelector = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("gateways"u8)) { gateways = F.Array(ref reader, F.ObjectRef); }
            else if (reader.ValueTextEquals("bgp"u8)) { bgp = F.Object(ref reader, ReadBgp, nullable: true); }
            else if (reader.ValueTextEquals("bfd"u8)) { bfd = F.Object(ref reader, ReadBfd, nullable: true); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new PlanVip(id!, name!, addresses, family!, mode!, ports, nodeSelector, gateways, bgp, bfd, source!);
    }

    public static VipPool? Pool(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? name = null;
        EquatableArray<string> cidrs = default;
        EquatableArray<int> lengths = default;
        SourceMark? source = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("cidrs"u8)) { cidrs = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("allowedPrefixLengths"u8)) { lengths = F.Ints(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new VipPool(name!, cidrs, lengths, source!);
    }

    private static BgpSettings? ReadBgp(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (localAs, holdTime, localPreference, med) = (0u, 0, (uint?)null, (uint?)null);
        string? routerId = null;
        EquatableArray<string> communities = default, large = default;
        EquatableArray<BgpPeer> peers = default;
        UpdatePace? pace = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("localAs"u8)) { localAs = F.UInt(ref reader); }
            else if (reader.ValueTextEquals("routerId"u8)) { routerId = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("holdTimeSeconds"u8)) { holdTime = F.Int(ref reader); }
            else if (reader.ValueTextEquals("communities"u8)) { communities = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("largeCommunities"u8)) { large = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("localPreference"u8)) { localPreference = F.UIntOrNull(ref reader); }
            else if (reader.ValueTextEquals("med"u8)) { med = F.UIntOrNull(ref reader); }
            else if (reader.ValueTextEquals("peers"u8)) { peers = F.Array(ref reader, ReadPeer); }
            else if (reader.ValueTextEquals("pace"u8)) { pace = F.Object(ref reader, ReadPace, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new BgpSettings(localAs, routerId!, holdTime, communities, large, localPreference, med, peers, pace);
    }

    private static BgpPeer? ReadPeer(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, address = null, password = null;
        var (peerAs, port, maxPrefixes, ttlHops) = (0u, 0, (int?)null, (int?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("address"u8)) { address = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("as"u8)) { peerAs = F.UInt(ref reader); }
            else if (reader.ValueTextEquals("port"u8)) { port = F.Int(ref reader); }
            else if (reader.ValueTextEquals("passwordSecretRef"u8)) { password = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("maxPrefixes"u8)) { maxPrefixes = F.IntOrNull(ref reader); }
            else if (reader.ValueTextEquals("ttlSecurityHops"u8)) { ttlHops = F.IntOrNull(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new BgpPeer(id!, address!, peerAs, port, password, maxPrefixes, ttlHops);
    }

    private static UpdatePace? ReadPace(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (perSecond, burst) = (0, 0);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("prefixesPerSecond"u8)) { perSecond = F.Int(ref reader); }
            else if (reader.ValueTextEquals("burst"u8)) { burst = F.Int(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new UpdatePace(perSecond, burst);
    }

    private static BfdSettings? ReadBfd(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (multiplier, tx, rx) = (0, 0, 0);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("detectMultiplier"u8)) { multiplier = F.Int(ref reader); }
            else if (reader.ValueTextEquals("desiredMinTxMs"u8)) { tx = F.Int(ref reader); }
            else if (reader.ValueTextEquals("requiredMinRxMs"u8)) { rx = F.Int(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new BfdSettings(multiplier, tx, rx);
    }
}
