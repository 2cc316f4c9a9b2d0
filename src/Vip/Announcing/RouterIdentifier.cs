using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// <c>--router-id</c>: a BGP identifier is four bytes and never zero (RFC 6286 §2.1), so an IPv6-only node has no
/// address to use. <c>auto</c> derives one from the node's name: the first four bytes of SHA-256 of the name's UTF-8
/// that are not all zero, read as A.B.C.D. The name (Kubernetes' <c>spec.nodeName</c>) is unique in a cluster and
/// does not change when the pod, the node's addresses or the program restart, so the identifier does not either.
/// Two of 100 nodes share one with a chance of about one in a million (birthday bound over 2^32); a network that
/// cannot take that gives each node its own A.B.C.D.
/// </summary>
public static class RouterIdentifier
{
    public const string Auto = "auto";

    /// <summary>What <c>--router-id</c> accepts, for its error.</summary>
    public const string Rule = "an IPv4 address other than 0.0.0.0, or auto";

    /// <summary>Whether <paramref name="text"/> is <c>auto</c> or a dotted quad other than 0.0.0.0.</summary>
    public static bool IsValid(string text) =>
        text == Auto
        || (text.Split('.').Length == 4 && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && !address.Equals(IPAddress.Any));

    /// <summary>The identifier <paramref name="text"/> names for the node <paramref name="nodeName"/>; null when not given.</summary>
    public static IPAddress? Resolve(string? text, string nodeName) => text switch
    {
        null => null,
        Auto => FromNodeName(nodeName),
        _ => IPAddress.Parse(text),
    };

    /// <summary>The identifier derived from <paramref name="nodeName"/> (never 0.0.0.0).</summary>
    public static IPAddress FromNodeName(string nodeName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(nodeName));
        for (var offset = 0; offset + 4 <= hash.Length; offset += 4)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(offset, 4)) != 0)
            {
                return new IPAddress(hash.AsSpan(offset, 4));
            }
        }

        return new IPAddress([0, 0, 0, 1]); // 256 zero bits: SHA-256 gives them to no known input
    }
}
