using System.Net;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Policies;

/// <summary>
/// The IPFilter ProxyPolicy: deny wins over allow; with an allow list only listed clients pass. The client
/// address is the connection's peer, or the right-most X-Forwarded-For address not in the trusted proxies
/// when the peer is itself a trusted proxy.
/// </summary>
internal sealed class IpFilter
{
    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;
    private readonly IPNetwork[] _trusted;

    public IpFilter(string policyId, IpFilterSettings settings)
    {
        PolicyId = policyId;
        _allow = settings.Allow.Select(Parse).ToArray();
        _deny = settings.Deny.Select(Parse).ToArray();
        _trusted = settings.TrustedProxies.Select(Parse).ToArray();
    }

    public string PolicyId { get; }

    public bool Allows(HttpContext context)
    {
        var client = ClientAddress(context);
        if (client is null)
        {
            return _allow.Length == 0;
        }

        if (Contains(_deny, client))
        {
            return false;
        }

        return _allow.Length == 0 || Contains(_allow, client);
    }

    private IPAddress? ClientAddress(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null || _trusted.Length == 0 || !Contains(_trusted, Normalize(peer)))
        {
            return peer is null ? null : Normalize(peer);
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop))
            {
                return Normalize(peer);
            }

            hop = Normalize(hop);
            if (!Contains(_trusted, hop))
            {
                return hop;
            }
        }

        return Normalize(peer);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool Contains(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork Parse(string cidr)
    {
        if (IPNetwork.TryParse(cidr, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(cidr, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new Routing.RouteCompileException($"invalid address or prefix '{cidr}'");
    }
}
