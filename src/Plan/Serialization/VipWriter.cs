using System.Text.Json;
using GitGateway.Plan.Model;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Plan.Serialization;

/// <summary>The writers of the plan's VIPs (with their BGP and BFD settings) and VIP pools.</summary>
internal static class VipWriter
{
    public static void Vip(Utf8JsonWriter writer, PlanVip vip)
    {
        M.String(writer, "id"u8, vip.Id);
        M.String(writer, "name"u8, vip.Name);
        M.Strings(writer, "addresses"u8, vip.Addresses);
        M.String(writer, "addressFamily"u8, vip.AddressFamily);
        M.String(writer, "mode"u8, vip.Mode);
        M.Ints(writer, "ports"u8, vip.Ports);
        M.Strings(writer, "nodeSelector"u8, vip.NodeSelector);
        M.Array(writer, "gateways"u8, vip.Gateways, M.ObjectRef);
        M.Object(writer, "bgp"u8, vip.Bgp, Bgp);
        M.Object(writer, "bfd"u8, vip.Bfd, Bfd);
        M.Object(writer, "source"u8, vip.Source, M.SourceMark);
    }

    public static void Pool(Utf8JsonWriter writer, VipPool pool)
    {
        M.String(writer, "name"u8, pool.Name);
        M.Strings(writer, "cidrs"u8, pool.Cidrs);
        M.Ints(writer, "allowedPrefixLengths"u8, pool.AllowedPrefixLengths);
        M.Object(writer, "source"u8, pool.Source, M.SourceMark);
    }

    private static void Bgp(Utf8JsonWriter writer, BgpSettings bgp)
    {
        writer.WriteNumber("localAs"u8, bgp.LocalAs);
        M.String(writer, "routerId"u8, bgp.RouterId);
        writer.WriteNumber("holdTimeSeconds"u8, bgp.HoldTimeSeconds);
        M.Strings(writer, "communities"u8, bgp.Communities);
        M.Strings(writer, "largeCommunities"u8, bgp.LargeCommunities);
        M.Number(writer, "localPreference"u8, bgp.LocalPreference);
        M.Number(writer, "med"u8, bgp.Med);
        M.Array(writer, "peers"u8, bgp.Peers, Peer);
        M.Object(writer, "pace"u8, bgp.Pace, Pace);
    }

    private static void Peer(Utf8JsonWriter writer, BgpPeer peer)
    {
        M.String(writer, "id"u8, peer.Id);
        M.String(writer, "address"u8, peer.Address);
        writer.WriteNumber("as"u8, peer.As);
        writer.WriteNumber("port"u8, peer.Port);
        M.String(writer, "passwordSecretRef"u8, peer.PasswordSecretRef);
        M.Number(writer, "maxPrefixes"u8, peer.MaxPrefixes);
        M.Number(writer, "ttlSecurityHops"u8, peer.TtlSecurityHops);
    }

    private static void Pace(Utf8JsonWriter writer, UpdatePace pace)
    {
        writer.WriteNumber("prefixesPerSecond"u8, pace.PrefixesPerSecond);
        writer.WriteNumber("burst"u8, pace.Burst);
    }

    private static void Bfd(Utf8JsonWriter writer, BfdSettings bfd)
    {
        writer.WriteNumber("detectMultiplier"u8, bfd.DetectMultiplier);
        writer.WriteNumber("desiredMinTxMs"u8, bfd.DesiredMinTxMs);
        writer.WriteNumber("requiredMinRxMs"u8, bfd.RequiredMinRxMs);
    }
}
