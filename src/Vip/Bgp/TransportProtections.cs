using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Linux socket options that protect a BGP connection: GTSM (RFC 5082: send with TTL 255, drop what arrives with
/// less than 256 minus the allowed hops; <c>IP_MINTTL</c>, <c>IPV6_MINHOPCOUNT</c>) and TCP MD5 signatures (RFC 2385,
/// <c>TCP_MD5SIG</c>). TCP-AO (RFC 5925) is not offered: see src/Vip/README.md.
/// </summary>
internal static class TransportProtections
{
    private const int SolIp = 0, SolTcp = 6, SolIpv6 = 41;
    private const int IpTtl = 2, IpMinTtl = 21, Ipv6UnicastHops = 16, Ipv6MinHopCount = 73, TcpMd5Sig = 14;
    private const ushort AfInet = 2, AfInet6 = 10;

    // struct tcp_md5sig: sockaddr_storage (128) + flags (1) + prefixlen (1) + keylen (2) + ifindex (4) + key (80).
    private const int Md5SigLength = 128 + 1 + 1 + 2 + 4 + PeerPassword.MaxLength;

    /// <summary>Whether this platform has the options (Linux only).</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>
    /// GTSM on <paramref name="socket"/> towards <paramref name="peer"/> at most <paramref name="hops"/> hops away. IPv4
    /// traffic (also IPv4-mapped on a dual-stack socket) uses the IPv4 options, IPv6 traffic the IPv6 ones.
    /// </summary>
    public static void ApplyGtsm(Socket socket, IPAddress peer, int hops)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hops, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hops, 254);
        var min = 256 - hops;
        if (IsIpv4(peer))
        {
            SetInt(socket, SolIp, IpTtl, 255);
            SetInt(socket, SolIp, IpMinTtl, min);
        }
        else
        {
            SetInt(socket, SolIpv6, Ipv6UnicastHops, 255);
            SetInt(socket, SolIpv6, Ipv6MinHopCount, min);
        }
    }

    /// <summary>
    /// Installs (or with null removes) the TCP MD5 key for <paramref name="peer"/> on <paramref name="socket"/>: a
    /// listening socket then answers only signed SYNs from that peer, a connecting one signs its own segments.
    /// </summary>
    public static void SetMd5(Socket socket, IPAddress peer, PeerPassword? password)
    {
        Span<byte> value = stackalloc byte[Md5SigLength];
        value.Clear();
        WriteAddress(value[..128], peer, socket.AddressFamily);
        var key = password is null ? [] : password.Key;
        BitConverter.TryWriteBytes(value[130..], (ushort)key.Length); // host order
        key.CopyTo(value[136..]);

        socket.SetRawSocketOption(SolTcp, TcpMd5Sig, value);
    }

    private static bool IsIpv4(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;

    // sockaddr_in on an IPv4 socket; sockaddr_in6 on an IPv6 one, IPv4 peers as ::ffff:a.b.c.d (the kernel then keys
    // the IPv4 address). The family is in host order, the port (unused: 0) and address in network order.
    private static void WriteAddress(Span<byte> storage, IPAddress peer, AddressFamily socketFamily)
    {
        if (socketFamily == AddressFamily.InterNetwork)
        {
            WriteFamily(storage, AfInet);
            (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).TryWriteBytes(storage[4..], out _);
            return;
        }

        WriteFamily(storage, AfInet6);
        (peer.AddressFamily == AddressFamily.InterNetwork ? peer.MapToIPv6() : peer).TryWriteBytes(storage[8..], out _);
    }

    private static void WriteFamily(Span<byte> storage, ushort family) => BitConverter.TryWriteBytes(storage, family); // host order

    private static void SetInt(Socket socket, int level, int name, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BitConverter.TryWriteBytes(bytes, value);
        socket.SetRawSocketOption(level, name, bytes);
    }
}
